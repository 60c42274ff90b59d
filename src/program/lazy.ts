// A command's code is imported only when that command runs, so `ctk status` and completion never
// load prompts, task lists or HTTP code. Typed: the module path is a literal import (a typo does
// not compile) and the function must be one of that module's exports.
type Runner = (...args: never[]) => Promise<number | void> | number | void;

export function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K & (M[K] extends Runner ? K : never)) {
  return async (...args: unknown[]): Promise<void> => {
    const mod = await load();
    const fn = mod[name] as unknown as (...a: unknown[]) => Promise<number | void> | number | void;
    // commander passes (…arguments, options, command): drop the Command object.
    const code = await fn(...args.slice(0, -1));
    if (typeof code === 'number') process.exitCode = code;
  };
}
