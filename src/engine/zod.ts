/**
 * zod, configured once for the whole book: without its JIT. zod 4 compiles object parsers with
 * `new Function`, after probing whether eval is allowed; under the book's content security policy
 * (no 'unsafe-eval', src/integrations/csp.ts) that probe is reported as a violation. So code imports
 * `z` from here, never from 'zod' directly (tests/unit/csp.test.ts checks); type imports may.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
