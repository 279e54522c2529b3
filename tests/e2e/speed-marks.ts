import type { Page } from '@playwright/test';

/**
 * Timing a view from the page's side, with Performance marks: the start is the
 * browser's own input event (a click, a key, a character typed), the end the
 * first animation frame after the DOM shows what was asked for. Nothing in the
 * app changes for it, so a view is timed as the user sees it.
 */

/** What the screen must show: every selector present, its text matching `text` (a regular expression) when given. */
export type Ready = { selector: string; text?: string }[];

/** In the page: marks `<name>:start` at the next input event and `<name>:end` at the frame after the screen is `want`. */
function armInPage([name, want]: [string, Ready]): void {
  const ready = () =>
    want.every(({ selector, text }) => {
      const element = document.querySelector(selector);
      return element !== null && (text === undefined || new RegExp(text).test(element.textContent ?? ''));
    });
  const start = `${name}:start`;
  let started = false;
  const onInput = () => {
    if (started) return;
    started = true;
    performance.mark(start);
    check();
  };
  const check = () => {
    if (!started || !ready()) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      performance.mark(`${name}:end`);
      performance.measure(name, start, `${name}:end`);
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  for (const type of ['click', 'keydown', 'input']) window.addEventListener(type, onInput, { capture: true, once: true });
}

/** Arms a measure named `name` (see armInPage), runs `act`, and returns the measured milliseconds. */
export async function timeToScreen(page: Page, name: string, ready: Ready, act: () => Promise<void>, timeout = 60_000): Promise<number> {
  await page.evaluate((n) => performance.clearMeasures(n), name);
  await page.evaluate(armInPage, [name, ready] as [string, Ready]);
  await act();
  const measured = await page.waitForFunction((n) => performance.getEntriesByName(n, 'measure').at(-1)?.duration ?? null, name, { timeout });
  return (await measured.jsonValue()) as number;
}

/** Starts collecting long tasks (over 50 ms) in the page. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
}

/** The durations of the long tasks seen since watchLongTasks, and forgets them. */
export async function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    return w.__longTasks.splice(0);
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** "name: median 123 ms (target < 150 ms) of 1, 2, 3 ms" — each figure printed beside its target. */
export function report(name: string, values: readonly number[], target: number): string {
  const line = `${name}: median ${median(values).toFixed(0)} ms (target < ${target} ms) of ${values.map((v) => v.toFixed(0)).join(', ')} ms`;
  console.log(line);
  return line;
}
