/**
 * The book's exercises and figures, chapter by chapter, read at build time from the chapters' MDX
 * source: every `<Exercise …>` (its props go through the same `exerciseSpec` as the page) and every
 * `<Figure id=…>` with its number. The progress page, the teacher's guide, the answer sheets and
 * the QTI packages all read this one list, so a new exercise appears everywhere without being
 * listed twice.
 *
 * The source is parsed with the same remark steps as the site (MDX, math, slot hoisting, equation
 * and figure numbers), so an equation reference in a question reads "(1.3)" and a figure reference
 * "Figure 1.4" here as on the page. Attribute values must be plain literals (numbers, strings,
 * arrays of strings), which is what the chapters use; anything else stops the build with a
 * sentence naming the exercise.
 */
import type { Expression } from 'estree';
import type { Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { exerciseNumberFromId } from '../components/exercise-answer';
import { exerciseSpec, type ExerciseProps, type ExerciseSpec } from '../components/exercise-spec';
import { exerciseKey } from '../components/progress/store';
import remarkEquationNumbers from '../plugins/remark-equation-numbers';
import remarkFigureNumbers from '../plugins/remark-figure-numbers';
import remarkHoistSlots from '../plugins/remark-hoist-slots';

export type CatalogueExercise = ExerciseSpec & {
  /** The progress key: page and exercise id. */
  key: string;
  /** The question as plain text; math stays LaTeX between `$…$`; paragraphs are separated by a blank line. */
  question: string;
};

/** An exercise answered in a live figure (<FigureExercise>), checked on the figure's state. */
export interface CatalogueFigureExercise {
  id: string;
  key: string;
  number: string | undefined;
  figure: string;
  /** The requirement, "modesCaptured >= 8, step <= 2000" (figure-checks.ts). */
  require: string;
  question: string;
}

export interface CatalogueFigure {
  id: string;
  number: string;
}

export interface CatalogueChapter {
  /** "adversarial-game": the file name, also the QTI package and answer-sheet name. */
  slug: string;
  /** "chapters/adversarial-game": the page's key in the progress store. */
  pageKey: string;
  /** "/chapters/adversarial-game/" */
  path: string;
  title: string;
  chapter: number | undefined;
  exercises: CatalogueExercise[];
  figureExercises: CatalogueFigureExercise[];
  figures: CatalogueFigure[];
}

export interface ChapterSource {
  /** The content entry id, "chapters/adversarial-game". */
  id: string;
  title: string;
  chapter?: number;
  /** The MDX body, without frontmatter. */
  body: string;
  /** For error messages. */
  filePath?: string;
}

/** Reads a plain literal attribute value: number, string, negative number, or an array of those. */
function literal(node: Expression | undefined, where: string): unknown {
  if (node?.type === 'Literal' && (typeof node.value === 'number' || typeof node.value === 'string')) return node.value;
  if (node?.type === 'UnaryExpression' && node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') {
    return -node.argument.value;
  }
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  if (node?.type === 'ArrayExpression') {
    return node.elements.map((element) => {
      if (!element || element.type === 'SpreadElement') throw new Error(`${where}: arrays may hold plain values only.`);
      return literal(element, where);
    });
  }
  throw new Error(`${where}: attribute values must be plain numbers, strings or arrays of them to be listed for teachers.`);
}

function attributes(element: MdxJsxFlowElement, where: string): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const attribute of element.attributes as Array<MdxJsxAttribute | MdxJsxExpressionAttribute>) {
    if (attribute.type !== 'mdxJsxAttribute') throw new Error(`${where}: spread attributes are not supported.`);
    const { name, value } = attribute;
    if (value === null || value === undefined) props[name] = true;
    else if (typeof value === 'string') props[name] = value;
    else {
      const program = value.data?.estree;
      const statement = program?.body[0];
      props[name] = literal(statement?.type === 'ExpressionStatement' ? statement.expression : undefined, `${where}, attribute "${name}"`);
    }
  }
  return props;
}

function isSlotFragment(node: RootContent): boolean {
  return (
    (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') &&
    node.attributes.some((attribute) => attribute.type === 'mdxJsxAttribute' && attribute.name === 'slot')
  );
}

/** Plain text of the question: text as written, math as `$TeX$`, paragraphs apart. */
function plainText(nodes: RootContent[]): string {
  const inline = (node: RootContent): string => {
    switch (node.type) {
      case 'text':
        return node.value;
      case 'inlineCode':
        return node.value;
      case 'inlineMath':
        return `$${node.value}$`;
      case 'break':
        return '\n';
      default:
        return 'children' in node ? (node.children as RootContent[]).map(inline).join('') : '';
    }
  };
  const blocks: string[] = [];
  for (const node of nodes) {
    if (isSlotFragment(node)) continue;
    if (node.type === 'math') blocks.push(`$$${node.value.replace(/\\tag\{[^}]*\}/g, '').trim()}$$`);
    else if (node.type === 'list') blocks.push(node.children.map((item) => `- ${plainText(item.children).replace(/\n\n/g, ' ')}`).join('\n'));
    else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading') blocks.push(plainText(node.children as RootContent[]));
    else blocks.push(inline(node));
  }
  return blocks
    .map((block) => block.replace(/[ \t]*\n[ \t]*/g, ' ').replace(/ {2,}/g, ' ').trim())
    .filter((block) => block !== '')
    .join('\n\n');
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkMath);
const transforms = unified().use(remarkHoistSlots).use(remarkEquationNumbers).use(remarkFigureNumbers);

/** One chapter's exercises and figures, in page order. */
export function readChapter(source: ChapterSource): CatalogueChapter {
  const file = new VFile({
    value: source.body,
    path: source.filePath,
    data: { astro: { frontmatter: { chapter: source.chapter } } },
  });
  const tree = transforms.runSync(parser.parse(file), file) as Root;
  const pageKey = source.id.replace(/^\/+|\/+$/g, '');
  const exercises: CatalogueExercise[] = [];
  const figures: CatalogueFigure[] = [];
  const figureExercises: CatalogueFigureExercise[] = [];
  visit(tree, 'mdxJsxFlowElement', (element: MdxJsxFlowElement) => {
    const line = element.position?.start.line;
    const where = `${source.filePath ?? source.id}${line ? `:${line}` : ''}: <${element.name}>`;
    if (element.name === 'Exercise') {
      const spec = exerciseSpec(attributes(element, where) as unknown as ExerciseProps);
      exercises.push({ ...spec, key: exerciseKey(pageKey, spec.id), question: plainText(element.children as RootContent[]) });
    } else if (element.name === 'FigureExercise') {
      const { id, figure, require, number } = attributes(element, where);
      if (typeof id !== 'string' || typeof figure !== 'string' || typeof require !== 'string') {
        throw new Error(`${where}: needs id, figure and require as plain strings.`);
      }
      figureExercises.push({
        id,
        key: exerciseKey(pageKey, id),
        number: number !== undefined ? String(number) : exerciseNumberFromId(id),
        figure,
        require,
        question: plainText(element.children as RootContent[]),
      });
    } else if (element.name === 'Figure') {
      const { id, number } = attributes(element, where);
      if (typeof id === 'string') figures.push({ id, number: String(number ?? '') });
    }
  });
  const slug = pageKey.split('/').at(-1) ?? pageKey;
  return { slug, pageKey, path: `/${pageKey}/`, title: source.title, chapter: source.chapter, exercises, figureExercises, figures };
}

/** The chapters in reading order (by chapter number, then title). */
export function readChapters(sources: ChapterSource[]): CatalogueChapter[] {
  return sources
    .map(readChapter)
    .sort((a, b) => (a.chapter ?? Infinity) - (b.chapter ?? Infinity) || a.title.localeCompare(b.title));
}

/** The title without its leading number: "The adversarial game" from "1. The adversarial game". */
export function shortTitle(chapter: CatalogueChapter): string {
  return chapter.title.replace(/^\d+\.\s*/, '');
}
