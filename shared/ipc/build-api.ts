/**
 * Builds the nested api object (api.cases.update(...)) from the contract's
 * method names and one `invoke` function.
 *
 * Self-contained on purpose: the browser test bridge serializes it with
 * Function.prototype.toString and runs it in the page before any script, so it
 * must not reference anything outside its own body.
 */
export function buildApi(
  methodNames: readonly string[],
  invoke: (method: string, input: unknown) => Promise<unknown>,
  on: (event: string, listener: (payload: unknown) => void) => () => void,
): Record<string, unknown> {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of methodNames) {
    const dot = name.indexOf('.');
    const group = name.slice(0, dot);
    const member = name.slice(dot + 1);
    const target = (api[group] ??= {});
    target[member] = (input: unknown) => invoke(name, input === undefined ? {} : input);
  }
  return Object.assign(api, { on });
}
