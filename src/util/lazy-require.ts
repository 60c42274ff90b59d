// Synchronous, on-demand loading for modules that most runs never need (start-up time).
import { createRequire } from 'node:module';

export const lazyRequire = createRequire(import.meta.url);
