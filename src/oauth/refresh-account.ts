// PLACEHOLDER until the browserless-refresh work lands (issue 4): keeps the contract compiling.
import type { RefreshWithToken } from './types.js';

export const refreshWithToken: RefreshWithToken = async () => {
  throw new Error('browserless refresh is not implemented yet');
};
