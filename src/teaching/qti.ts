/**
 * A chapter's numeric and multiple-choice exercises as QTI packages (zip files with an
 * imsmanifest.xml) that learning-management systems import as a quiz or question bank:
 *
 * - QTI 2.1: one assessmentItem per exercise plus an assessmentTest listing them. A numeric
 *   exercise is a textEntryInteraction with a float response, scored by `equal` with an absolute
 *   tolerance (the book's accepted error: `allowedError`, so a relative tolerance is included);
 *   a choice exercise is a choiceInteraction scored by the match_correct template.
 * - QTI 1.2 (the dialect Canvas exports and imports natively): one questestinterop file with a
 *   `numerical_question` (accepted when answer − error ≤ x ≤ answer + error) or a
 *   `multiple_choice_question` per exercise.
 *
 * Text answers ("short answer") are left out: LMSs compare them differently from the book.
 * Math stays LaTeX source between `$…$`, as written in the chapter; most LMSs typeset it only if
 * their math filter is on, so the teacher's guide says so.
 */
import { allowedError } from '../components/exercise-answer';
import { choiceLetter } from '../components/exercise-spec';
import type { CatalogueChapter, CatalogueExercise } from './catalogue';
import { writeZip, type ZipEntry } from './zip';

type NumericExercise = Extract<CatalogueExercise, { kind: 'numeric' }>;
type ChoiceExercise = Extract<CatalogueExercise, { kind: 'choice' }>;
export type QtiExercise = NumericExercise | ChoiceExercise;

/** The exercises a QTI package can carry faithfully. */
export function qtiExercises(chapter: CatalogueChapter): QtiExercise[] {
  return chapter.exercises.filter((exercise): exercise is QtiExercise => exercise.kind === 'numeric' || exercise.kind === 'choice');
}

/** The accepted distance from a numeric exercise's answer, as the book checks it. */
export function acceptedError(exercise: NumericExercise): number {
  return allowedError(exercise.answer, exercise);
}

/** Numbers in XML: no float noise (0.6224590000000001), always a plain decimal or exponent form. */
export function xmlNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function title(exercise: QtiExercise): string {
  return exercise.number ? `Exercise ${exercise.number}` : exercise.id;
}

/** The question's paragraphs as HTML (math left as `$…$`), with the unit asked for. */
function questionHtml(exercise: QtiExercise): string {
  const paragraphs = exercise.question.split(/\n{2,}/).map((paragraph) => `<p>${escapeXml(paragraph)}</p>`);
  if (exercise.kind === 'numeric' && exercise.unit) paragraphs.push(`<p>Give your answer in ${escapeXml(exercise.unit)}.</p>`);
  return paragraphs.join('\n');
}

const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
const xsi = 'http://www.w3.org/2001/XMLSchema-instance';
const qti21Namespace = 'http://www.imsglobal.org/xsd/imsqti_v2p1';
const qti21Schema = 'http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd';
const contentPackageNamespace = 'http://www.imsglobal.org/xsd/imscp_v1p1';

export function packageTitle(chapter: CatalogueChapter): string {
  return `Saddle Point, ${chapter.chapter ? `chapter ${chapter.title}` : chapter.title}`;
}

// ---------------------------------------------------------------------------------------------
// QTI 2.1

export function qti21ItemPath(exercise: QtiExercise): string {
  return `items/${exercise.id}.xml`;
}

export function qti21Item(exercise: QtiExercise): string {
  const head =
    `${xmlDeclaration}<assessmentItem xmlns="${qti21Namespace}" xmlns:xsi="${xsi}" ` +
    `xsi:schemaLocation="${qti21Namespace} ${qti21Schema}" identifier="${escapeXml(exercise.id)}" ` +
    `title="${escapeXml(title(exercise))}" adaptive="false" timeDependent="false">\n`;
  const score =
    '  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">\n' +
    '    <defaultValue><value>0</value></defaultValue>\n  </outcomeDeclaration>\n';
  if (exercise.kind === 'numeric') {
    const error = xmlNumber(acceptedError(exercise));
    return (
      head +
      '  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">\n' +
      `    <correctResponse><value>${xmlNumber(exercise.answer)}</value></correctResponse>\n` +
      '  </responseDeclaration>\n' +
      score +
      `  <itemBody>\n${questionHtml(exercise)}\n` +
      '    <p>Answer: <textEntryInteraction responseIdentifier="RESPONSE" expectedLength="12"/></p>\n' +
      '  </itemBody>\n' +
      '  <responseProcessing>\n    <responseCondition>\n      <responseIf>\n' +
      `        <equal toleranceMode="absolute" tolerance="${error} ${error}" includeLowerBound="true" includeUpperBound="true">\n` +
      '          <variable identifier="RESPONSE"/>\n          <correct identifier="RESPONSE"/>\n        </equal>\n' +
      '        <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>\n' +
      '      </responseIf>\n      <responseElse>\n' +
      '        <setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue>\n' +
      '      </responseElse>\n    </responseCondition>\n  </responseProcessing>\n' +
      '</assessmentItem>\n'
    );
  }
  const choices = exercise.choices
    .map((choice, index) => `      <simpleChoice identifier="${choiceLetter(index)}">${escapeXml(choice)}</simpleChoice>`)
    .join('\n');
  return (
    head +
    '  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">\n' +
    `    <correctResponse><value>${choiceLetter(exercise.answerIndex)}</value></correctResponse>\n` +
    '  </responseDeclaration>\n' +
    score +
    `  <itemBody>\n${questionHtml(exercise)}\n` +
    '    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">\n' +
    '      <prompt>Choose one answer.</prompt>\n' +
    `${choices}\n    </choiceInteraction>\n  </itemBody>\n` +
    '  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>\n' +
    '</assessmentItem>\n'
  );
}

function qti21Test(chapter: CatalogueChapter, exercises: QtiExercise[]): string {
  const refs = exercises
    .map((exercise) => `      <assessmentItemRef identifier="${escapeXml(exercise.id)}" href="${qti21ItemPath(exercise)}"/>`)
    .join('\n');
  return (
    `${xmlDeclaration}<assessmentTest xmlns="${qti21Namespace}" xmlns:xsi="${xsi}" ` +
    `xsi:schemaLocation="${qti21Namespace} ${qti21Schema}" identifier="${escapeXml(chapter.slug)}" title="${escapeXml(packageTitle(chapter))}">\n` +
    '  <testPart identifier="part-1" navigationMode="nonlinear" submissionMode="simultaneous">\n' +
    `    <assessmentSection identifier="section-1" title="${escapeXml(chapter.title)}" visible="true">\n` +
    `${refs}\n    </assessmentSection>\n  </testPart>\n</assessmentTest>\n`
  );
}

function manifest(identifier: string, schema: string, resources: string): string {
  return (
    `${xmlDeclaration}<manifest xmlns="${contentPackageNamespace}" xmlns:xsi="${xsi}" identifier="${escapeXml(identifier)}" ` +
    `xsi:schemaLocation="${contentPackageNamespace} http://www.imsglobal.org/xsd/imscp_v1p1.xsd">\n` +
    `  <metadata>\n    <schema>${schema}</schema>\n  </metadata>\n  <organizations/>\n  <resources>\n${resources}\n  </resources>\n</manifest>\n`
  );
}

export function qti21Package(chapter: CatalogueChapter): Uint8Array<ArrayBuffer> {
  const exercises = qtiExercises(chapter);
  const encoder = new TextEncoder();
  const items = exercises.map((exercise) => ({ name: qti21ItemPath(exercise), data: encoder.encode(qti21Item(exercise)) }));
  const testResource =
    `    <resource identifier="test-${escapeXml(chapter.slug)}" type="imsqti_test_xmlv2p1" href="assessment.xml">\n` +
    '      <file href="assessment.xml"/>\n' +
    exercises.map((exercise) => `      <dependency identifierref="item-${escapeXml(exercise.id)}"/>\n`).join('') +
    '    </resource>';
  const itemResources = exercises.map(
    (exercise) =>
      `    <resource identifier="item-${escapeXml(exercise.id)}" type="imsqti_item_xmlv2p1" href="${qti21ItemPath(exercise)}">\n` +
      `      <file href="${qti21ItemPath(exercise)}"/>\n    </resource>`,
  );
  const entries: ZipEntry[] = [
    {
      name: 'imsmanifest.xml',
      data: encoder.encode(manifest(`saddle-point-${chapter.slug}-qti21`, 'QTIv2.1 Package', [testResource, ...itemResources].join('\n'))),
    },
    { name: 'assessment.xml', data: encoder.encode(qti21Test(chapter, exercises)) },
    ...items,
  ];
  return writeZip(entries);
}

// ---------------------------------------------------------------------------------------------
// QTI 1.2

function metadata(fields: Record<string, string>): string {
  const entries = Object.entries(fields)
    .map(([label, entry]) => `            <qtimetadatafield><fieldlabel>${label}</fieldlabel><fieldentry>${escapeXml(entry)}</fieldentry></qtimetadatafield>`)
    .join('\n');
  return `        <itemmetadata>\n          <qtimetadata>\n${entries}\n          </qtimetadata>\n        </itemmetadata>\n`;
}

function material(html: string): string {
  return `<material><mattext texttype="text/html">${escapeXml(html)}</mattext></material>`;
}

export function qti12Item(exercise: QtiExercise): string {
  const open = `      <item ident="${escapeXml(exercise.id)}" title="${escapeXml(title(exercise))}">\n`;
  const outcomes = '          <outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>\n';
  const full = '<setvar action="Set" varname="SCORE">100</setvar>';
  if (exercise.kind === 'numeric') {
    const error = acceptedError(exercise);
    return (
      open +
      metadata({ question_type: 'numerical_question', points_possible: '1' }) +
      '        <presentation>\n' +
      `          ${material(questionHtml(exercise))}\n` +
      '          <response_str ident="response1" rcardinality="Single"><render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib></response_str>\n' +
      '        </presentation>\n' +
      '        <resprocessing>\n' +
      outcomes +
      '          <respcondition continue="No">\n            <conditionvar>\n              <or>\n' +
      `                <varequal respident="response1">${xmlNumber(exercise.answer)}</varequal>\n` +
      '                <and>\n' +
      `                  <vargte respident="response1">${xmlNumber(exercise.answer - error)}</vargte>\n` +
      `                  <varlte respident="response1">${xmlNumber(exercise.answer + error)}</varlte>\n` +
      '                </and>\n              </or>\n            </conditionvar>\n' +
      `            ${full}\n          </respcondition>\n` +
      '        </resprocessing>\n      </item>\n'
    );
  }
  const labels = exercise.choices
    .map((choice, index) => `              <response_label ident="${choiceLetter(index)}">${material(escapeXml(choice))}</response_label>`)
    .join('\n');
  return (
    open +
    metadata({ question_type: 'multiple_choice_question', points_possible: '1' }) +
    '        <presentation>\n' +
    `          ${material(questionHtml(exercise))}\n` +
    '          <response_lid ident="response1" rcardinality="Single">\n            <render_choice shuffle="No">\n' +
    `${labels}\n            </render_choice>\n          </response_lid>\n` +
    '        </presentation>\n' +
    '        <resprocessing>\n' +
    outcomes +
    '          <respcondition continue="No">\n' +
    `            <conditionvar><varequal respident="response1">${choiceLetter(exercise.answerIndex)}</varequal></conditionvar>\n` +
    `            ${full}\n          </respcondition>\n` +
    '        </resprocessing>\n      </item>\n'
  );
}

export function qti12Assessment(chapter: CatalogueChapter): string {
  const items = qtiExercises(chapter).map(qti12Item).join('');
  return (
    `${xmlDeclaration}<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2" xmlns:xsi="${xsi}" ` +
    'xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">\n' +
    `  <assessment ident="${escapeXml(chapter.slug)}" title="${escapeXml(packageTitle(chapter))}">\n` +
    '    <section ident="root_section">\n' +
    items +
    '    </section>\n  </assessment>\n</questestinterop>\n'
  );
}

export function qti12Package(chapter: CatalogueChapter): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const file = `${chapter.slug}.xml`;
  const resource =
    `    <resource identifier="assessment-${escapeXml(chapter.slug)}" type="imsqti_xmlv1p2" href="${file}">\n` +
    `      <file href="${file}"/>\n    </resource>`;
  return writeZip([
    { name: 'imsmanifest.xml', data: encoder.encode(manifest(`saddle-point-${chapter.slug}-qti12`, 'IMS Content', resource)) },
    { name: file, data: encoder.encode(qti12Assessment(chapter)) },
  ]);
}

/** Where the build writes a chapter's packages (src/pages/qti/). */
export function qtiDownloadPath(chapter: CatalogueChapter, version: '21' | '12'): string {
  return `/qti/${chapter.slug}-qti${version}.zip`;
}
