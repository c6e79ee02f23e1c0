/**
 * The exercise catalogue and the QTI packages built from it. The packages are unzipped with our
 * reader, every XML file is parsed strictly, and the answers inside are compared with the answers
 * read straight from the chapters' MDX source by a separate, plain reading of the <Exercise> tags.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChapters } from '../../src/teaching/catalogue';
import { qti12Package, qti21Package, qtiExercises } from '../../src/teaching/qti';
import { crc32, readZip, writeZip } from '../../src/teaching/zip';
import { chapterSources, chaptersDirectory } from './chapter-sources';
import { findAll, parseXml, textOf, type XmlElement } from './xml-reader';

interface SourceAnswer {
  id: string;
  answer: number | string;
  tolerance?: number;
  choices?: string[];
}

/** The answers as written in one MDX file: each <Exercise …> opening tag's attributes, read by hand. */
function answersInSource(slug: string): SourceAnswer[] {
  const text = readFileSync(path.join(chaptersDirectory, `${slug}.mdx`), 'utf8');
  return [...text.matchAll(/<Exercise\b([\s\S]*?)>\s*\n/g)].map(([, attributes]) => {
    const id = /\bid="([^"]+)"/.exec(attributes)![1];
    const choices = /\bchoices=\{(\[[\s\S]*?\])\}/.exec(attributes)?.[1];
    const numeric = /\banswer=\{(-?[\d.e-]+)\}/.exec(attributes)?.[1];
    const quoted = /\banswer=\{?("(?:[^"\\]|\\.)*")\}?/.exec(attributes)?.[1];
    const tolerance = /\btolerance=\{([\d.e-]+)\}/.exec(attributes)?.[1];
    return {
      id,
      answer: numeric !== undefined ? Number(numeric) : JSON.parse(quoted!),
      tolerance: tolerance !== undefined ? Number(tolerance) : undefined,
      // The arrays are JSON but for a trailing comma.
      choices: choices ? JSON.parse(choices.replace(/,\s*\]$/, ']')) : undefined,
    };
  });
}

const decoder = new TextDecoder();
const chapters = readChapters(chapterSources());
const slugs = readdirSync(chaptersDirectory)
  .filter((name) => name.endsWith('.mdx'))
  .map((name) => name.replace(/\.mdx$/, ''));

function unzipXml(zip: Uint8Array): Map<string, XmlElement> {
  return new Map(readZip(zip).map(({ name, data }) => [name, parseXml(decoder.decode(data))]));
}

function child(element: XmlElement, name: string): XmlElement {
  const found = findAll(element, name);
  expect(found, `<${element.name}> has a <${name}>`).not.toHaveLength(0);
  return found[0];
}

/** Text that was HTML inside XML (QTI 1.2 mattext): undo the HTML escaping too. */
function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!);
}

describe('the exercise catalogue', () => {
  it('lists every chapter, in order, with every exercise of its source and unique keys', () => {
    expect(chapters.map((chapter) => chapter.slug).sort()).toEqual([...slugs].sort());
    // In reading order with no repeats (chapters are written in parallel, so numbers may have gaps).
    const numbers = chapters.map((chapter) => chapter.chapter);
    expect(numbers).toEqual([...new Set(numbers)].sort((a, b) => (a ?? 0) - (b ?? 0)));
    const keys = new Set<string>();
    for (const chapter of chapters) {
      const source = answersInSource(chapter.slug);
      expect(chapter.exercises.map((exercise) => exercise.id)).toEqual(source.map((exercise) => exercise.id));
      for (const exercise of chapter.exercises) {
        expect(exercise.key).toBe(`chapters/${chapter.slug}#${exercise.id}`);
        expect(keys.has(exercise.key)).toBe(false);
        keys.add(exercise.key);
        expect(exercise.question.length).toBeGreaterThan(20);
        // Slots (hint, solution) are not part of the question; equation references are numbered.
        expect(exercise.question).not.toMatch(/\]\(#eq-/);
      }
    }
  });

  it('keeps math as LaTeX source in the question text', () => {
    const first = chapters[0].exercises[0];
    expect(first.question).toContain('$\\mathcal{N}(0, 1)$');
  });
});

describe('zip writer and reader', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips names (UTF-8) and bytes', () => {
    const entries = [
      { name: 'a.txt', data: new TextEncoder().encode('hello') },
      { name: 'dir/ü.xml', data: new Uint8Array([0, 1, 2, 255]) },
      { name: 'empty', data: new Uint8Array() },
    ];
    expect(readZip(writeZip(entries))).toEqual(entries);
  });

  it('refuses damaged data', () => {
    const zip = writeZip([{ name: 'a.txt', data: new TextEncoder().encode('hello') }]);
    zip[30 + 5] ^= 0xff; // a byte of the file's data
    expect(() => readZip(zip)).toThrow(/checksum/);
    expect(() => readZip(new Uint8Array(10))).toThrow(/Not a ZIP/);
  });
});

describe.each(chapters.map((chapter) => [chapter.slug, chapter] as const))('QTI packages of %s', (slug, chapter) => {
  const source = new Map(answersInSource(slug).map((exercise) => [exercise.id, exercise]));
  const exercises = qtiExercises(chapter);

  it('holds every numeric and multiple-choice exercise', () => {
    expect(exercises.length).toBeGreaterThan(0);
    const expected = [...source.values()].filter((exercise) => typeof exercise.answer === 'number' || exercise.choices);
    expect(exercises.map((exercise) => exercise.id)).toEqual(expected.map((exercise) => exercise.id));
  });

  it('QTI 2.1: the manifest lists the test and each item, each item parses and carries the book’s answer', () => {
    const files = unzipXml(qti21Package(chapter));
    const manifest = files.get('imsmanifest.xml')!;
    expect(manifest.name).toBe('manifest');
    const resources = findAll(manifest, 'resource');
    const test = resources.find((resource) => resource.attributes.type === 'imsqti_test_xmlv2p1')!;
    expect(files.get(test.attributes.href)?.name).toBe('assessmentTest');
    const items = resources.filter((resource) => resource.attributes.type === 'imsqti_item_xmlv2p1');
    expect(items).toHaveLength(exercises.length);
    // Every file in the package is in the manifest, and every file the manifest names is in the package.
    const listed = findAll(manifest, 'file').map((file) => file.attributes.href);
    expect([...listed].sort()).toEqual([...files.keys()].filter((name) => name !== 'imsmanifest.xml').sort());
    const refs = findAll(files.get('assessment.xml')!, 'assessmentItemRef').map((ref) => ref.attributes.href);
    expect(refs).toEqual(items.map((item) => item.attributes.href));

    for (const resource of items) {
      const item = files.get(resource.attributes.href)!;
      expect(item.name).toBe('assessmentItem');
      const book = source.get(item.attributes.identifier)!;
      expect(book, `item ${item.attributes.identifier} is an exercise of the chapter`).toBeDefined();
      const declaration = child(item, 'responseDeclaration');
      const correct = textOf(child(declaration, 'correctResponse')).trim();
      if (typeof book.answer === 'number') {
        expect(declaration.attributes.baseType).toBe('float');
        child(item, 'textEntryInteraction');
        expect(Number(correct)).toBe(book.answer);
        const equal = child(item, 'equal');
        expect(equal.attributes.toleranceMode).toBe('absolute');
        const [below, above] = equal.attributes.tolerance.split(' ').map(Number);
        expect(below).toBe(book.tolerance ?? 1e-3);
        expect(above).toBe(book.tolerance ?? 1e-3);
      } else {
        expect(declaration.attributes.baseType).toBe('identifier');
        const choices = findAll(child(item, 'choiceInteraction'), 'simpleChoice');
        expect(choices.map((choice) => textOf(choice))).toEqual(book.choices);
        const right = choices.find((choice) => choice.attributes.identifier === correct)!;
        expect(textOf(right)).toBe(book.answer);
      }
    }
  });

  it('QTI 1.2: the manifest names the assessment, which parses and carries the book’s answers', () => {
    const files = unzipXml(qti12Package(chapter));
    const resource = child(files.get('imsmanifest.xml')!, 'resource');
    expect(resource.attributes.type).toBe('imsqti_xmlv1p2');
    const assessment = files.get(resource.attributes.href)!;
    expect(assessment.name).toBe('questestinterop');
    const items = findAll(assessment, 'item');
    expect(items.map((item) => item.attributes.ident)).toEqual(exercises.map((exercise) => exercise.id));

    for (const item of items) {
      const book = source.get(item.attributes.ident)!;
      const type = findAll(item, 'qtimetadatafield').find((field) => textOf(child(field, 'fieldlabel')) === 'question_type')!;
      child(item, 'resprocessing');
      if (typeof book.answer === 'number') {
        expect(textOf(child(type, 'fieldentry'))).toBe('numerical_question');
        child(item, 'response_str');
        const tolerance = book.tolerance ?? 1e-3;
        expect(Number(textOf(child(item, 'varequal')))).toBe(book.answer);
        expect(Number(textOf(child(item, 'vargte')))).toBeCloseTo(book.answer - tolerance, 12);
        expect(Number(textOf(child(item, 'varlte')))).toBeCloseTo(book.answer + tolerance, 12);
      } else {
        expect(textOf(child(type, 'fieldentry'))).toBe('multiple_choice_question');
        const labels = findAll(child(item, 'response_lid'), 'response_label');
        expect(labels.map((label) => unescapeHtml(textOf(label)))).toEqual(book.choices);
        const right = textOf(child(item, 'varequal'));
        expect(unescapeHtml(textOf(labels.find((label) => label.attributes.ident === right)!))).toBe(book.answer);
      }
    }
  });
});

describe('the strict XML reader used here', () => {
  it('rejects XML that is not well-formed', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/does not match/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/&/);
    expect(() => parseXml('<a>')).toThrow(/Unclosed/);
    expect(parseXml('<?xml version="1.0"?><a x="1 &lt; 2">t<b/></a>')).toEqual({
      name: 'a',
      attributes: { x: '1 < 2' },
      children: ['t', { name: 'b', attributes: {}, children: [] }],
    });
  });
});
