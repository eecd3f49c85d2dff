/**
 * CheXtransfer (Ke et al., ACM CHIL 2021): the study the explorer is built around.
 * Every number comes from the public sources named on it (abstract, the authors' thread, a review
 * of the paper); docs/chextransfer-sources.md says what each source gives. Per-model AUCs are NOT
 * here: the paper prints them only in figures, and no digitised values have been published.
 * Never fill them in by estimate.
 */
import type { Study } from '../types.ts';
import { CHEXPERT_TASKS } from '../types.ts';

const DOC = 'docs/chextransfer-sources.md (in this repository)';
const THE_BATCH =
  'DeepLearning.AI, The Batch (2021), a secondary summary of the paper (no address found: not verifiable here)';
const STANFORD_CODE =
  'the Stanford ML Group’s public CheXpert training code, https://github.com/stanfordmlgroup/MoCo-CXR/tree/d433acabe6518b332a1345a6a1fed49f0c23c253/chexpert_supervised/chexpert-model/args';
/** The post that opens the authors' thread; a post's text cannot be edited, so its address is fixed. */
const THREAD =
  'authors\u2019 thread (Rajpurkar, 19 Jan 2021), https://twitter.com/i/status/1351462869284528129';
const MEDIUM_NAME = 'Sik-Ho Tsang, Brief Review \u2014 CheXtransfer (Medium, 2022)';
const MEDIUM = `${MEDIUM_NAME}, https://sh-tsang.medium.com/brief-review-chextransfer-performance-and-parameter-efficiency-of-imagenet-models-for-chest-64be5ba4525b (a live page; no archived copy could be checked: not verifiable here)`;
const ABSTRACT =
  'abstract, arXiv:2101.06871v2 (https://arxiv.org/abs/2101.06871v2); doi:10.1145/3450439.3451867';

/** The CheXtransfer study: citation, protocol, the reported statistics and findings; no per-model values. */
export const CHEXTRANSFER: Study = {
  id: 'chextransfer',
  kind: 'published',
  title:
    'CheXtransfer: Performance and Parameter Efficiency of ImageNet Models for Chest X-Ray Interpretation',
  citation:
    'Ke A, Ellsworth W, Banerjee O, Ng AY, Rajpurkar P. CheXtransfer: Performance and Parameter Efficiency of ImageNet Models for Chest X-Ray Interpretation. ACM CHIL 2021. arXiv:2101.06871. doi:10.1145/3450439.3451867',
  paper: { id: 'ke2021-chextransfer', label: 'Ke et al. 2021 (CheXtransfer), ACM CHIL' },
  url: 'https://arxiv.org/abs/2101.06871',
  licence:
    'CC BY 4.0, as the ResearchGate copy of the paper states ("Available via license: CC BY 4.0", https://www.researchgate.net/publication/348589675; a live page, not verifiable here)',
  dataset: 'CheXpert (224,316 chest radiographs of 65,240 patients)',
  split:
    'Not confirmed for this paper; the Stanford group usually selects on the 200-study validation set and reports on the 500-study test set (an inference, not a statement of the paper)',
  labels: CHEXPERT_TASKS,
  metric: {
    name: 'AUROC',
    averaging: 'mean over the 5 CheXpert competition tasks ("average CheXpert AUC")',
    key: 'auroc:chexpert-mean5',
  },
  protocol: [
    `16 ImageNet architectures from 6 families (DenseNet, ResNet, Inception, MNASNet, EfficientNet, MobileNet), each trained from random initialisation and from ImageNet-pretrained weights (${ABSTRACT}).`,
    `ImageNet accuracy on the x-axis is each architecture\u2019s published ImageNet accuracy (${THE_BATCH}); which published set the paper used was not recovered.`,
    'Error bars show one standard deviation (Figure 1 caption); whether bootstrap- or run-based was not recovered.',
    `Evaluation uses an ensemble of the 10 best checkpoints saved periodically during training (${THE_BATCH}).`,
    `Training hyper-parameters (optimizer, learning rate, batch size, resolution, epochs, uncertainty policy) are not confirmed for this paper; the defaults of ${STANFORD_CODE} are a likely guess, not a statement of the paper.`,
    'Truncation: final blocks of pretrained models removed; which models, how many blocks and the statistical test were not recovered.',
    `p-values for the Spearman correlations were not found in any source; any p shown next to them is computed from rho with n = 16 and labelled as implied. More in ${DOC}.`,
  ],
  flags: [],
  results: [],
  reportedStatistics: [
    {
      id: 'rho-top1-auc-random',
      name: 'Spearman \u03c1, ImageNet top-1 vs average CheXpert AUC, without pretraining',
      kind: 'spearman',
      relation: 'top1-vs-auc',
      condition: 'random',
      value: 0.08,
      n: 16,
      source: `${THREAD} (tweet 4/8); also in ${MEDIUM_NAME}`,
      confidence: 'High',
    },
    {
      id: 'rho-top1-auc-pretrained',
      name: 'Spearman \u03c1, ImageNet top-1 vs average CheXpert AUC, with ImageNet pretraining',
      kind: 'spearman',
      relation: 'top1-vs-auc',
      condition: 'pretrained',
      value: 0.06,
      n: 16,
      source: `${THREAD} (tweet 4/8); also in ${MEDIUM_NAME}`,
      confidence: 'High',
    },
    {
      id: 'rho-logparams-auc-random',
      name: 'Spearman \u03c1, log(parameters) vs average CheXpert AUC, without pretraining',
      kind: 'spearman',
      relation: 'logparams-vs-auc',
      condition: 'random',
      value: 0.79,
      n: 16,
      source: `${MEDIUM} (paraphrasing the Fig. 3 caption)`,
      confidence: 'Medium\u2013high (single secondary source, wording closely tracks the paper)',
    },
    {
      id: 'rho-logparams-auc-pretrained',
      name: 'Spearman \u03c1, log(parameters) vs average CheXpert AUC, with ImageNet pretraining',
      kind: 'spearman',
      relation: 'logparams-vs-auc',
      condition: 'pretrained',
      value: 0.56,
      n: 16,
      source: `${MEDIUM}`,
      confidence: 'Medium\u2013high (single secondary source)',
    },
    {
      id: 'rho-boost-params',
      name: 'Spearman \u03c1, pretraining boost vs number of parameters',
      kind: 'spearman',
      relation: 'boost-vs-params',
      condition: 'both',
      value: -0.72,
      n: 16,
      source: `${THREAD} (tweet 6/8: "\u03c1 = \u22120.72 with number of parameters"); also in ${MEDIUM_NAME}`,
      confidence: 'High',
    },
    {
      id: 'truncation-efficiency',
      name: 'Parameter efficiency gained by truncating final blocks of pretrained models (average)',
      kind: 'ratio',
      relation: 'truncation-efficiency',
      condition: 'pretrained',
      value: 3.25,
      n: null,
      source: `${ABSTRACT}; ${THREAD} (tweet 7/8)`,
      confidence: 'High for the claim; how the 3.25x average is computed was not recovered',
    },
  ],
  findings: [
    {
      id: 'imagenet-does-not-predict',
      text: 'In 16 CNNs on CheXpert, no clear relationship between ImageNet top-1 and CheXpert AUC (\u03c1 = 0.08 without pretraining, 0.06 with; n = 16). The abstract: \u201cno relationship between ImageNet performance and CheXpert performance for both models without pretraining and models with pretraining\u201d.',
      chart: 'top1-vs-auc',
      statisticIds: ['rho-top1-auc-random', 'rho-top1-auc-pretrained'],
      source: `${ABSTRACT}; ${THREAD}`,
    },
    {
      id: 'family-over-size',
      text: 'For models without pretraining, the choice of model family influences performance more than size within a family (the abstract\u2019s words). Our reading, not the paper\u2019s: the families differ in size as well as in AUC, so across the 16 models a rank correlation with size can be high (\u03c1 = 0.79 reported without pretraining, 0.56 with) while, within one family, the smallest and largest models differ little (the authors\u2019 thread, tweet 5/8). One correlation over all 16 cannot tell the two apart.',
      chart: 'params-vs-auc',
      statisticIds: ['rho-logparams-auc-random', 'rho-logparams-auc-pretrained'],
      source: `${ABSTRACT}; ${THREAD} (tweet 5/8); ${MEDIUM}`,
    },
    {
      id: 'pretraining-helps-small-models',
      text: 'ImageNet pretraining yields a statistically significant boost in performance across architectures, with a higher boost for smaller architectures (\u03c1 = \u22120.72 between the boost and the number of parameters; n = 16).',
      chart: 'boost-vs-params',
      statisticIds: ['rho-boost-params'],
      source: `${ABSTRACT}; ${THREAD} (tweet 6/8)`,
    },
    {
      id: 'truncation',
      text: 'Truncating final blocks of pretrained models can make them 3.25\u00d7 more parameter-efficient on average without a statistically significant drop in performance (which models, how many blocks and which test were not recovered).',
      chart: 'truncation',
      statisticIds: ['truncation-efficiency'],
      source: `${ABSTRACT}; ${THREAD} (tweet 7/8)`,
    },
  ],
  notes: [
    'The paper shows the per-model average AUCs (with and without pretraining) only in its figures; they are not published in text, and no digitised values exist. So no per-model values are shown here: none are estimated or read off a plot.',
    'To see the charts with points, import per-model values (for example digitised from arXiv 2101.06871v2 Figures 2\u20134, with their source) using the results template, or produce your own runs in the app.',
    'The five Spearman \u03c1 and the 3.25x ratio are the study-level numbers that can be used now; p-values were not reported in any source found. The 95% intervals shown beside the reported \u03c1 are computed here from the reported \u03c1 and n = 16 (Fisher z, variance 1.06/13): approximate, and not the paper\u2019s.',
  ],
};
