import { z } from 'zod';

/**
 * Zod compiles object schemas with `new Function` when it may. To learn
 * whether it may, it calls Function('') once, which the page's CSP refuses (no
 * 'unsafe-eval'; and Trusted Types refuse the string first): every page load
 * would report a violation for nothing. Jitless, zod interprets its schemas and
 * never tries; the page's schemas are small (forms, the contract's inputs).
 * Imported first by main.tsx, before anything parses.
 */
z.config({ jitless: true });
