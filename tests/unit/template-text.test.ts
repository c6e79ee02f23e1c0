import { describe, expect, it } from 'vitest';
import { decodeTemplateText, encodeTemplateText } from '../../src/components/assignment/template-text';

describe('figures and exercises kept as script text (TemplateText.astro)', () => {
  const html = '<figure><script type="module" src="/a.js"></script><!-- note --><p>a &lt; b</p><SCRIPT>x()</SCRIPT></figure>';

  it('leaves no end of the script, nor a comment opening, in the text, and reads back the same HTML', () => {
    const text = encodeTemplateText(html);
    expect(text.toLowerCase()).not.toContain('</script');
    expect(text).not.toContain('<!--');
    expect(decodeTemplateText(text)).toBe(html);
  });

  it('refuses HTML that already holds an escaped form, which would not read back the same', () => {
    expect(() => encodeTemplateText('<p><\\/script></p>')).toThrow(/escaping/);
  });
});
