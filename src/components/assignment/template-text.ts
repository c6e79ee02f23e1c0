/**
 * A figure's or an exercise's HTML kept as the text of an inert `<script type="text/html">`
 * (TemplateText.astro) until a page script needs it. Such text ends at the first `</script` (in any
 * case), and a `<!--` in it would change how the browser looks for that end, so both are escaped in
 * the page and restored when read.
 */
export function encodeTemplateText(html: string): string {
  if (/<\\\/script|<\\!--/i.test(html)) throw new Error('template HTML holds an escaped "</script" or "<!--", which would not survive its escaping');
  return html.replace(/<\/(script)/gi, '<\\/$1').replaceAll('<!--', '<\\!--');
}

export function decodeTemplateText(text: string): string {
  return text.replace(/<\\\/(script)/gi, '</$1').replaceAll('<\\!--', '<!--');
}
