/**
 * /qti/<chapter>-qti12.zip: the chapter's numeric and multiple-choice exercises as a QTI 1.2
 * package, written by `npm run build` (see src/teaching/qti.ts).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { bookChapters } from '../../teaching/chapters';
import { qti12Package, qtiExercises } from '../../teaching/qti';

export const getStaticPaths = (async () =>
  (await bookChapters())
    .filter((chapter) => qtiExercises(chapter).length > 0)
    .map((chapter) => ({ params: { chapter: chapter.slug }, props: { chapter } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(qti12Package(props.chapter), { headers: { 'Content-Type': 'application/zip' } });
