import path from 'node:path';
import type { Node } from 'unist';
import type { VFile } from 'vfile';

/** The file's path relative to the project, so build errors name it the way authors see it. */
export function displayPath(file: VFile): string {
  const filePath = file.path || file.history[0];
  if (!filePath) return '<unnamed file>';
  const relative = path.relative(process.cwd(), filePath);
  return relative.startsWith('..') ? filePath : relative;
}

/** "src/…/x.mdx:12:3" when the node has a position. */
export function where(file: VFile, node?: Node): string {
  const start = node?.position?.start;
  return start ? `${displayPath(file)}:${start.line}:${start.column}` : displayPath(file);
}

/**
 * Stop the build with a message that names the file (and line). A plain Error is thrown on purpose:
 * Astro prints its message verbatim, and tests can match it.
 */
export function buildError(file: VFile, node: Node | undefined, message: string): never {
  throw new Error(`${where(file, node)}: ${message}`);
}

/** The page's frontmatter as Astro hands it to Markdown and MDX plugins. */
export function frontmatterOf(file: VFile): Record<string, unknown> {
  const astro = file.data.astro as { frontmatter?: Record<string, unknown> } | undefined;
  return astro?.frontmatter ?? {};
}
