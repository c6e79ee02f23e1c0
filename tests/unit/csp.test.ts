import { describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyContentSecurityPolicy, frameAncestors, inlineHashes } from '../../src/integrations/csp';
import { z } from '../../src/engine/zod';
import { encodeTemplateText } from '../../src/components/assignment/template-text';

describe('content security policy built from the pages', () => {
  it('hashes inline scripts and styles with SHA-256 (known vectors), skipping data scripts and external ones', () => {
    const html =
      '<head><script></script><script type="module">abc</script><script src="/x.js"></script>' +
      '<script type="application/ld+json">{"a":1}</script><style>abc</style></head>';
    // SHA-256("") and SHA-256("abc") in base64 (FIPS 180-2 test vectors).
    const empty = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
    const abc = "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='";
    expect(inlineHashes(html)).toEqual({ scripts: [empty, abc], styles: [abc] });
  });

  it('hashes the inline scripts of a figure or exercise kept as text (TemplateText.astro), which run once the page puts it in place', () => {
    const template = encodeTemplateText('<p>x</p><script type="module">abc</script><script type="application/json">{}</script>');
    const html = `<body><script type="text/html" data-figure-template="f">${template}</script><script></script></body>`;
    const empty = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
    const abc = "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='";
    expect(inlineHashes(html)).toEqual({ scripts: [abc, empty], styles: [] });
  });

  it('puts one policy right after the charset of every page, and the same policy (plus frame-ancestors) in _headers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sp-csp-'));
    try {
      await mkdir(join(dir, 'a'));
      await writeFile(join(dir, 'index.html'), '<html><head><meta charset="utf-8"/><script>one()</script></head><body></body></html>');
      await writeFile(join(dir, 'a/index.html'), '<html><head><meta charset="utf-8"/><style>p{}</style></head><body><script>two()</script></body></html>');
      const { policy } = await applyContentSecurityPolicy(dir, undefined);
      // Run twice (a rebuild over the same files): still one policy per page.
      await applyContentSecurityPolicy(dir, '');
      for (const page of ['index.html', 'a/index.html']) {
        const html = await readFile(join(dir, page), 'utf8');
        expect(html.startsWith(`<html><head><meta charset="utf-8"/><meta http-equiv="Content-Security-Policy" content="${policy}">`)).toBe(true);
        expect(html.match(/Content-Security-Policy/g)).toHaveLength(1);
      }
      const script = policy.split('; ').find((d) => d.startsWith('script-src '))!;
      expect(script.split(' ')).toHaveLength(1 + 2 + 2); // name, 'self' 'wasm-unsafe-eval', two hashes
      expect(script).not.toContain("'unsafe-inline'");
      expect(policy).not.toMatch(/frame-ancestors/);
      const headers = await readFile(join(dir, '_headers'), 'utf8');
      expect(headers).toContain(`Content-Security-Policy: ${policy}; frame-ancestors 'none'`);
      // A deployment that lets its learning management system embed the book names it.
      await applyContentSecurityPolicy(dir, "'self' https://canvas.example.edu https://*.school.example:8443");
      expect(await readFile(join(dir, '_headers'), 'utf8')).toContain(`; frame-ancestors 'self' https://canvas.example.edu https://*.school.example:8443\n`);
      // A wrong setting stops before any page is rewritten.
      const before = await readFile(join(dir, 'index.html'), 'utf8');
      await expect(applyContentSecurityPolicy(dir, 'http://insecure.example')).rejects.toThrow(/only 'self' and https origins/);
      expect(await readFile(join(dir, 'index.html'), 'utf8')).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('frame-ancestors from SP_FRAME_ANCESTORS', () => {
  it("is 'none' when unset or blank, the listed sources otherwise, and refuses anything but 'self' and https origins", () => {
    expect(frameAncestors(undefined)).toEqual(["'none'"]);
    expect(frameAncestors('  ')).toEqual(["'none'"]);
    expect(frameAncestors(" 'self'  https://lms.example.edu ")).toEqual(["'self'", 'https://lms.example.edu']);
    for (const bad of ['*', 'http://lms.example.edu', "'none' https://a.example", 'https://a.example/path', "https://a.example; script-src 'unsafe-inline'", 'data:']) {
      expect(() => frameAncestors(bad), bad).toThrow(/SP_FRAME_ANCESTORS may hold only/);
    }
  });
});

describe('zod runs without eval', () => {
  it('is configured jitless', () => {
    expect(z.config().jitless).toBe(true);
  });

  it('no source file imports zod at runtime except src/engine/zod.ts (its JIT would probe eval under the policy)', async () => {
    const root = join(import.meta.dirname, '../../src');
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const offenders: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || !/\.(ts|astro|mjs|js)$/.test(entry.name)) continue;
      const file = join(entry.parentPath, entry.name);
      if (file.endsWith(join('src', 'engine', 'zod.ts'))) continue;
      const text = await readFile(file, 'utf8');
      if (/import\s+(?!type\b)[^;]*from\s+['"]zod(\/[^'"]*)?['"]/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
