// Detection-quality evaluation: corpus reader, metrics and report formatting.
export { readCorpus, parseCorpus, CorpusError, type CorpusMessage, type CorpusLabel } from './corpus.js';
export { evaluate, score, type EvalReport, type Scores, type Counts, type Miss, type Scanner } from './metrics.js';
export { formatReport, belowBar, CATEGORY_BARS } from './format.js';
