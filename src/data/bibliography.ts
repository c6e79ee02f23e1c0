/**
 * The book's bibliography. Chapters cite an entry with `[@key]` (see src/plugins/remark-citations.ts);
 * the citation shows author–year text and the chapter's reference list is built from these records.
 *
 * Only facts we are sure of are recorded: a field that could not be confirmed is left out rather
 * than guessed. `venue` is where the work was published (conference, journal or publisher).
 */

export interface Person {
  /** Given names or initials, as printed by the work. */
  given: string;
  /** Family name, used for the author–year label ("Goodfellow et al., 2014"). */
  family: string;
}

export interface BibEntry {
  key: string;
  authors: readonly Person[];
  year: number;
  title: string;
  /** Conference, journal (with volume and pages when known) or publisher. */
  venue?: string;
  /** Book edition, series or similar short note. */
  note?: string;
  /** arXiv identifier without the "arXiv:" prefix, e.g. "1406.2661". */
  arxiv?: string;
  /** A stable link for works that are not on arXiv. */
  url?: string;
}

function person(given: string, family: string): Person {
  return { given, family };
}

const entries: readonly BibEntry[] = [
  // --- Generative adversarial networks -------------------------------------------------------
  {
    key: 'goodfellow2014',
    authors: [
      person('Ian J.', 'Goodfellow'),
      person('Jean', 'Pouget-Abadie'),
      person('Mehdi', 'Mirza'),
      person('Bing', 'Xu'),
      person('David', 'Warde-Farley'),
      person('Sherjil', 'Ozair'),
      person('Aaron', 'Courville'),
      person('Yoshua', 'Bengio'),
    ],
    year: 2014,
    title: 'Generative Adversarial Nets',
    venue: 'Advances in Neural Information Processing Systems 27 (NIPS 2014)',
    arxiv: '1406.2661',
  },
  {
    key: 'nowozin2016',
    authors: [person('Sebastian', 'Nowozin'), person('Botond', 'Cseke'), person('Ryota', 'Tomioka')],
    year: 2016,
    title: 'f-GAN: Training Generative Neural Samplers using Variational Divergence Minimization',
    venue: 'Advances in Neural Information Processing Systems 29 (NIPS 2016)',
    arxiv: '1606.00709',
  },
  {
    key: 'arjovsky2017wgan',
    authors: [person('Martin', 'Arjovsky'), person('Soumith', 'Chintala'), person('Léon', 'Bottou')],
    year: 2017,
    title: 'Wasserstein Generative Adversarial Networks',
    venue: 'International Conference on Machine Learning (ICML 2017)',
    arxiv: '1701.07875',
  },
  {
    key: 'arjovsky2017principled',
    authors: [person('Martin', 'Arjovsky'), person('Léon', 'Bottou')],
    year: 2017,
    title: 'Towards Principled Methods for Training Generative Adversarial Networks',
    venue: 'International Conference on Learning Representations (ICLR 2017)',
    arxiv: '1701.04862',
  },
  {
    key: 'gulrajani2017',
    authors: [
      person('Ishaan', 'Gulrajani'),
      person('Faruk', 'Ahmed'),
      person('Martin', 'Arjovsky'),
      person('Vincent', 'Dumoulin'),
      person('Aaron', 'Courville'),
    ],
    year: 2017,
    title: 'Improved Training of Wasserstein GANs',
    venue: 'Advances in Neural Information Processing Systems 30 (NIPS 2017)',
    arxiv: '1704.00028',
  },
  {
    key: 'miyato2018',
    authors: [
      person('Takeru', 'Miyato'),
      person('Toshiki', 'Kataoka'),
      person('Masanori', 'Koyama'),
      person('Yuichi', 'Yoshida'),
    ],
    year: 2018,
    title: 'Spectral Normalization for Generative Adversarial Networks',
    venue: 'International Conference on Learning Representations (ICLR 2018)',
    arxiv: '1802.05957',
  },
  {
    key: 'lim2017geometric',
    authors: [person('Jae Hyun', 'Lim'), person('Jong Chul', 'Ye')],
    year: 2017,
    title: 'Geometric GAN',
    note: 'arXiv preprint',
    arxiv: '1705.02894',
  },
  {
    key: 'salimans-kingma2016',
    authors: [person('Tim', 'Salimans'), person('Diederik P.', 'Kingma')],
    year: 2016,
    title: 'Weight Normalization: A Simple Reparameterization to Accelerate Training of Deep Neural Networks',
    venue: 'Advances in Neural Information Processing Systems 29 (NeurIPS 2016)',
    arxiv: '1602.07868',
  },
  {
    key: 'virmaux-scaman2018',
    authors: [person('Aladin', 'Virmaux'), person('Kevin', 'Scaman')],
    year: 2018,
    title: 'Lipschitz Regularity of Deep Neural Networks: Analysis and Efficient Estimation',
    venue: 'Advances in Neural Information Processing Systems 31 (NeurIPS 2018)',
    arxiv: '1805.10965',
  },
  {
    key: 'sedghi2019',
    authors: [person('Hanie', 'Sedghi'), person('Vineet', 'Gupta'), person('Philip M.', 'Long')],
    year: 2019,
    title: 'The Singular Values of Convolutional Layers',
    venue: 'International Conference on Learning Representations (ICLR 2019)',
    arxiv: '1805.10408',
  },
  {
    key: 'zhao2017ebgan',
    authors: [person('Junbo', 'Zhao'), person('Michael', 'Mathieu'), person('Yann', 'LeCun')],
    year: 2017,
    title: 'Energy-based Generative Adversarial Network',
    venue: 'International Conference on Learning Representations (ICLR 2017)',
    arxiv: '1609.03126',
  },
  {
    key: 'lecun2006tutorial',
    authors: [
      person('Yann', 'LeCun'),
      person('Sumit', 'Chopra'),
      person('Raia', 'Hadsell'),
      person("Marc'Aurelio", 'Ranzato'),
      person('Fu Jie', 'Huang'),
    ],
    year: 2006,
    title: 'A Tutorial on Energy-Based Learning',
    venue: 'Predicting Structured Data, MIT Press',
  },
  {
    key: 'berthelot2017began',
    authors: [person('David', 'Berthelot'), person('Thomas', 'Schumm'), person('Luke', 'Metz')],
    year: 2017,
    title: 'BEGAN: Boundary Equilibrium Generative Adversarial Networks',
    arxiv: '1703.10717',
  },
  {
    key: 'belghazi2018',
    authors: [
      person('Mohamed Ishmael', 'Belghazi'),
      person('Aristide', 'Baratin'),
      person('Sai', 'Rajeswar'),
      person('Sherjil', 'Ozair'),
      person('Yoshua', 'Bengio'),
      person('Aaron', 'Courville'),
      person('R Devon', 'Hjelm'),
    ],
    year: 2018,
    title: 'Mutual Information Neural Estimation',
    venue: 'International Conference on Machine Learning (ICML 2018)',
    arxiv: '1801.04062',
  },
  {
    key: 'salimans2016',
    authors: [
      person('Tim', 'Salimans'),
      person('Ian', 'Goodfellow'),
      person('Wojciech', 'Zaremba'),
      person('Vicki', 'Cheung'),
      person('Alec', 'Radford'),
      person('Xi', 'Chen'),
    ],
    year: 2016,
    title: 'Improved Techniques for Training GANs',
    venue: 'Advances in Neural Information Processing Systems 29 (NIPS 2016)',
    arxiv: '1606.03498',
  },
  {
    key: 'goodfellow2016tutorial',
    authors: [person('Ian', 'Goodfellow')],
    year: 2016,
    title: 'NIPS 2016 Tutorial: Generative Adversarial Networks',
    arxiv: '1701.00160',
  },
  {
    key: 'radford2016',
    authors: [person('Alec', 'Radford'), person('Luke', 'Metz'), person('Soumith', 'Chintala')],
    year: 2016,
    title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks',
    venue: 'International Conference on Learning Representations (ICLR 2016)',
    arxiv: '1511.06434',
  },
  {
    key: 'metz2017',
    authors: [
      person('Luke', 'Metz'),
      person('Ben', 'Poole'),
      person('David', 'Pfau'),
      person('Jascha', 'Sohl-Dickstein'),
    ],
    year: 2017,
    title: 'Unrolled Generative Adversarial Networks',
    venue: 'International Conference on Learning Representations (ICLR 2017)',
    arxiv: '1611.02163',
  },
  {
    key: 'srivastava2017',
    authors: [
      person('Akash', 'Srivastava'),
      person('Lazar', 'Valkov'),
      person('Chris', 'Russell'),
      person('Michael U.', 'Gutmann'),
      person('Charles', 'Sutton'),
    ],
    year: 2017,
    title: 'VEEGAN: Reducing Mode Collapse in GANs using Implicit Variational Learning',
    venue: 'Advances in Neural Information Processing Systems 30 (NIPS 2017)',
    arxiv: '1705.07761',
  },
  {
    key: 'lin2018pacgan',
    authors: [
      person('Zinan', 'Lin'),
      person('Ashish', 'Khetan'),
      person('Giulia', 'Fanti'),
      person('Sewoong', 'Oh'),
    ],
    year: 2018,
    title: 'PacGAN: The Power of Two Samples in Generative Adversarial Networks',
    venue: 'Advances in Neural Information Processing Systems 31 (NeurIPS 2018)',
    arxiv: '1712.04086',
  },
  {
    key: 'karnewar2020',
    authors: [person('Animesh', 'Karnewar'), person('Oliver', 'Wang')],
    year: 2020,
    title: 'MSG-GAN: Multi-Scale Gradients for Generative Adversarial Networks',
    venue: 'IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR 2020)',
    arxiv: '1903.06048',
  },
  {
    key: 'mescheder2018',
    authors: [person('Lars', 'Mescheder'), person('Andreas', 'Geiger'), person('Sebastian', 'Nowozin')],
    year: 2018,
    title: 'Which Training Methods for GANs do actually Converge?',
    venue: 'International Conference on Machine Learning (ICML 2018)',
    arxiv: '1801.04406',
  },
  {
    key: 'heusel2017',
    authors: [
      person('Martin', 'Heusel'),
      person('Hubert', 'Ramsauer'),
      person('Thomas', 'Unterthiner'),
      person('Bernhard', 'Nessler'),
      person('Sepp', 'Hochreiter'),
    ],
    year: 2017,
    title: 'GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium',
    venue: 'Advances in Neural Information Processing Systems 30 (NIPS 2017)',
    arxiv: '1706.08500',
  },
  {
    key: 'che2017',
    authors: [
      person('Tong', 'Che'),
      person('Yanran', 'Li'),
      person('Athul Paul', 'Jacob'),
      person('Yoshua', 'Bengio'),
      person('Wenjie', 'Li'),
    ],
    year: 2017,
    title: 'Mode Regularized Generative Adversarial Networks',
    venue: 'International Conference on Learning Representations (ICLR 2017)',
    arxiv: '1612.02136',
  },
  {
    key: 'kingma2015adam',
    authors: [person('Diederik P.', 'Kingma'), person('Jimmy', 'Ba')],
    year: 2015,
    title: 'Adam: A Method for Stochastic Optimization',
    venue: 'International Conference on Learning Representations (ICLR 2015)',
    arxiv: '1412.6980',
  },
  {
    key: 'theis2016',
    authors: [person('Lucas', 'Theis'), person('Aäron', 'van den Oord'), person('Matthias', 'Bethge')],
    year: 2016,
    title: 'A note on the evaluation of generative models',
    venue: 'International Conference on Learning Representations (ICLR 2016)',
    arxiv: '1511.01844',
  },

  // --- Information theory, divergences and convex analysis -------------------------------------
  {
    key: 'cover-thomas',
    authors: [person('Thomas M.', 'Cover'), person('Joy A.', 'Thomas')],
    year: 2006,
    title: 'Elements of Information Theory',
    venue: 'Wiley',
    note: '2nd edition',
  },
  {
    key: 'kullback1951',
    authors: [person('Solomon', 'Kullback'), person('Richard A.', 'Leibler')],
    year: 1951,
    title: 'On Information and Sufficiency',
    venue: 'The Annals of Mathematical Statistics 22(1), 79–86',
  },
  {
    key: 'lin1991',
    authors: [person('Jianhua', 'Lin')],
    year: 1991,
    title: 'Divergence measures based on the Shannon entropy',
    venue: 'IEEE Transactions on Information Theory 37(1), 145–151',
  },
  {
    key: 'endres2003',
    authors: [person('Dominik M.', 'Endres'), person('Johannes E.', 'Schindelin')],
    year: 2003,
    title: 'A new metric for probability distributions',
    venue: 'IEEE Transactions on Information Theory 49(7), 1858–1860',
  },
  {
    key: 'csiszar1967',
    authors: [person('Imre', 'Csiszár')],
    year: 1967,
    title:
      'Information-type measures of difference of probability distributions and indirect observations',
    venue: 'Studia Scientiarum Mathematicarum Hungarica 2, 299–318',
  },
  {
    key: 'ali-silvey1966',
    authors: [person('S. M.', 'Ali'), person('S. D.', 'Silvey')],
    year: 1966,
    title: 'A General Class of Coefficients of Divergence of One Distribution from Another',
    venue: 'Journal of the Royal Statistical Society, Series B 28(1), 131–142',
  },
  {
    key: 'donsker-varadhan1983',
    authors: [person('M. D.', 'Donsker'), person('S. R. S.', 'Varadhan')],
    year: 1983,
    title: 'Asymptotic evaluation of certain Markov process expectations for large time, IV',
    venue: 'Communications on Pure and Applied Mathematics 36(2), 183–212',
  },
  {
    key: 'nguyen2010',
    authors: [
      person('XuanLong', 'Nguyen'),
      person('Martin J.', 'Wainwright'),
      person('Michael I.', 'Jordan'),
    ],
    year: 2010,
    title: 'Estimating divergence functionals and the likelihood ratio by convex risk minimization',
    venue: 'IEEE Transactions on Information Theory 56(11), 5847–5861',
    arxiv: '0809.0853',
  },
  {
    key: 'kraskov2004',
    authors: [person('Alexander', 'Kraskov'), person('Harald', 'Stögbauer'), person('Peter', 'Grassberger')],
    year: 2004,
    title: 'Estimating mutual information',
    venue: 'Physical Review E 69, 066138',
    url: 'https://arxiv.org/abs/cond-mat/0305641',
  },
  {
    key: 'oord2018',
    authors: [person('Aäron', 'van den Oord'), person('Yazhe', 'Li'), person('Oriol', 'Vinyals')],
    year: 2018,
    title: 'Representation Learning with Contrastive Predictive Coding',
    arxiv: '1807.03748',
  },
  {
    key: 'poole2019',
    authors: [person('Ben', 'Poole'), person('Sherjil', 'Ozair'), person('Aäron', 'van den Oord'), person('Alexander A.', 'Alemi'), person('George', 'Tucker')],
    year: 2019,
    title: 'On Variational Bounds of Mutual Information',
    venue: 'International Conference on Machine Learning (ICML 2019)',
    arxiv: '1905.06922',
  },
  {
    key: 'mcallester2020',
    authors: [person('David', 'McAllester'), person('Karl', 'Stratos')],
    year: 2020,
    title: 'Formal Limitations on the Measurement of Mutual Information',
    venue: 'International Conference on Artificial Intelligence and Statistics (AISTATS 2020)',
    arxiv: '1811.04251',
  },
  {
    key: 'villani2009',
    authors: [person('Cédric', 'Villani')],
    year: 2009,
    title: 'Optimal Transport: Old and New',
    venue: 'Springer',
    note: 'Grundlehren der mathematischen Wissenschaften 338',
  },
  {
    key: 'monge1781',
    authors: [person('Gaspard', 'Monge')],
    year: 1781,
    title: 'Mémoire sur la théorie des déblais et des remblais',
    venue: 'Histoire de l’Académie Royale des Sciences de Paris',
  },
  {
    key: 'kantorovich1942',
    authors: [person('Leonid V.', 'Kantorovich')],
    year: 1942,
    title: 'On the translocation of masses',
    venue: 'Doklady Akademii Nauk SSSR 37',
  },
  {
    key: 'santambrogio2015',
    authors: [person('Filippo', 'Santambrogio')],
    year: 2015,
    title: 'Optimal Transport for Applied Mathematicians: Calculus of Variations, PDEs, and Modeling',
    venue: 'Birkhäuser',
  },
  {
    key: 'peyre2019',
    authors: [person('Gabriel', 'Peyré'), person('Marco', 'Cuturi')],
    year: 2019,
    title: 'Computational Optimal Transport',
    venue: 'Foundations and Trends in Machine Learning',
    arxiv: '1803.00567',
  },
  {
    key: 'petzka2018',
    authors: [person('Henning', 'Petzka'), person('Asja', 'Fischer'), person('Denis', 'Lukovnikov')],
    year: 2018,
    title: 'On the Regularization of Wasserstein GANs',
    venue: 'International Conference on Learning Representations (ICLR 2018)',
    arxiv: '1709.08894',
  },
  {
    key: 'ba2016layernorm',
    authors: [person('Jimmy Lei', 'Ba'), person('Jamie Ryan', 'Kiros'), person('Geoffrey E.', 'Hinton')],
    year: 2016,
    title: 'Layer Normalization',
    arxiv: '1607.06450',
  },
  {
    key: 'boyd2004',
    authors: [person('Stephen', 'Boyd'), person('Lieven', 'Vandenberghe')],
    year: 2004,
    title: 'Convex Optimization',
    venue: 'Cambridge University Press',
    url: 'https://web.stanford.edu/~boyd/cvxbook/',
  },
  {
    key: 'golub-vanloan2013',
    authors: [person('Gene H.', 'Golub'), person('Charles F.', 'Van Loan')],
    year: 2013,
    title: 'Matrix Computations',
    venue: 'Johns Hopkins University Press',
    note: '4th edition',
  },
  {
    key: 'rockafellar1970',
    authors: [person('R. Tyrrell', 'Rockafellar')],
    year: 1970,
    title: 'Convex Analysis',
    venue: 'Princeton University Press',
  },
];

/** All entries by key. Keys are unique (checked in tests/unit/plugins.test.ts). */
export const bibliography: Readonly<Record<string, BibEntry>> = Object.freeze(
  Object.fromEntries(entries.map((entry) => [entry.key, entry])),
);

export function getEntry(key: string): BibEntry | undefined {
  return Object.hasOwn(bibliography, key) ? bibliography[key] : undefined;
}

/** "Lin, 1991", "Arjovsky and Bottou, 2017", "Goodfellow et al., 2014". */
export function authorYearLabel(entry: BibEntry): string {
  const families = entry.authors.map((author) => author.family);
  let names: string;
  if (families.length === 1) names = families[0];
  else if (families.length === 2) names = `${families[0]} and ${families[1]}`;
  else names = `${families[0]} et al.`;
  return `${names}, ${entry.year}`;
}

/** Full author list: "A, B and C". */
export function authorList(entry: BibEntry): string {
  const names = entry.authors.map((author) => `${author.given} ${author.family}`);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function arxivUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

/** The entry's main link: the arXiv abstract page if there is one, else its url. */
export function entryUrl(entry: BibEntry): string | undefined {
  return entry.arxiv ? arxivUrl(entry.arxiv) : entry.url;
}

/** Every entry, in the order written above. */
export const allEntries: readonly BibEntry[] = entries;
