/**
 * What each live figure is good for in class: one line per figure, shown in the teacher's guide
 * next to the figure's number and title (which come from the figure registry and the chapters).
 * A unit test checks that every registered figure and explorer has a line here.
 */
export const figureNotes: Record<string, string> = {
  'gan-1d':
    'A first demonstration: run it while you explain the two players, then change the seed and ask the class to predict whether the generator still reaches the data.',
  'optimal-discriminator':
    'Checks the formula for D* against a trained network; ask students to explain why D stays wrong in the tails, where there are no samples.',
  'ring-gan':
    'Mode collapse live: let groups try the objective, k, the optimisers and the learning rates, and report modes captured and sample quality.',
  saturation:
    'Shows in one plot why practice uses the non-saturating loss; compare several seeds before drawing the conclusion.',
  'divergence-explorer':
    'For building intuition about KL, JS, TV and W₁: set up two distributions and ask students to predict each divergence before reading it off.',
  'sliding-apart':
    'Motivates the Wasserstein distance: ask what happens to JS and KL once the supports stop overlapping, then slide and check.',
  'conjugate-explorer':
    'Makes the convex conjugate geometric: drag the slope to find f*(t) and explain the total-variation case, finite only for |t| ≤ 1/2.',
  'variational-bound':
    'Shows the variational bound as a lower bound that a trained critic climbs; good before the f-GAN derivation.',
  'fgan-gaussian-fit':
    'Mode-covering against mode-seeking in one click: forward KL spreads, reverse KL picks one bump. Pairs with Exercise 4.8.',
  'fgan-mixture-2d':
    'A class experiment: each group trains one divergence from the same seed and the class compares mode coverage and sample quality.',
  'parallel-lines':
    'WGAN\'s Example 1 live: have students try several θ and check that the critic\'s dots land on |θ| while JS stays at log 2, then ask which one a generator could follow.',
  'saturated-vs-critic':
    'The saturation argument with trained networks: compare the two slopes at the fake mean in the readout, then raise μ and ask which slope dies and which does not.',
  'value-surfaces':
    'Clipping against the penalty on the same data: ask students to describe each surface in words before reading the W₁ estimates, then switch the data set.',
  'gradients-through-depth':
    'Exploding and vanishing gradients in one plot: ask for the factor per layer for each c, and why a penalty on the input gradient keeps every layer in range.',
  'wgan-gp-ring':
    'A loss curve that means something: run WGAN-GP, then switch to clipping and to the GAN loss on the same seed and compare what each curve says about the samples.',
  'transport-explorer':
    'Optimal transport in one dimension: ask students to predict W₁ from the picture (the area between the CDFs), then move one distribution and watch the arrows re-pair the quantiles.',
  'energy-landscape':
    'Let groups try margins 0, 0.1, 1 and 10 from the same seed and explain what the dashed level set and the two energy curves do in each case.',
  'optimal-energy-1d':
    'Derive D* = m·1[p_data < p_G] on the board first, then run it; ask why the energy is free to exceed m in the tails where there is no data.',
  'pull-away':
    'Compare the two cosine matrices and ask what a collapsed batch would look like; then ask whether lower similarity buys more modes on this ring.',
  'ebgan-grid-search':
    'Split the eight configurations among groups, pool the histograms, then rerun the full grid with another seed from the command line to see what is noise.',
  'power-iteration':
    'Power iteration by hand: students drag the columns, predict how fast σ̂ settles from σ₂/σ₁, and find a start vector that never finds the top singular pair.',
  'sngan-ring':
    'SN-GAN live: switch between spectral norm, clipping and the gradient penalty on the same seed and compare the critic surfaces, the mode coverage and the per-layer σ₁(W)/σ̂ in the readout.',
  'singular-value-spectra':
    "SN-GAN's Figure 2 in a few seconds: ask students to predict which constraint flattens a layer's spectrum before running it, then read the stable ranks from the readout.",
  'sngan-robustness':
    'A class grid: give each group one setting A–F, collect the cells on the board, and discuss which method failed where and how much one short seeded run can say.',
  'dirac-gan':
    'Gradient play in two numbers: students predict from the Jacobian which of the four runs spirals out, cycles or converges, then drag the start and change the step and γ to test it.',
  'ttur-saddle':
    'Two speeds, one saddle: students compute the multipliers 1 − 200·lr_x and 1 − 2·lr_y for each pair before running, and rank the four panels by arrival time.',
  'msg-toy':
    'A prediction before a run: students say whether the multi-scale connections should find the shapes sooner, note the step at which each variant first captures three classes, and explain from the 4 × 4 and 8 × 8 rows why the result here can differ from the paper.',
  playground:
    'A failure clinic: each group loads one failure preset, names the failure from the readout, then finds and shares (by link) a setting that removes it.',
  'mi-gaussians':
    'Before the sweep reaches the high correlations, ask students to predict where MINE-f falls furthest below MINE and why the bars widen as |ρ| grows.',
  'mine-bound-climb':
    'Toggle one setting per group (bound, gradient, marginals) from the same seed and compare the final estimate and its noise with the true value on the board.',
  'mi-nonlinear':
    'Equitability in one chart: students read off the σ at which the three relations carry the same information and explain why x³ is the hardest to estimate.',
  'mine-gan':
    'Have students predict which run covers more modes, then compare the information readout with the coverage curve and explain how a generator can keep its code readable without covering the modes.',
};
