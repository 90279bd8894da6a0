export { ToolmaskError, GrammarSyntaxError, GrammarError, RecognizerError, type GrammarErrorCode, type SourcePosition } from "./errors.js";
export {
  type Expr,
  type Literal,
  type CharClass,
  type Sequence,
  type Choice,
  type Repeat,
  type RuleRef,
  type TokenTerminal,
  type Grammar,
  EMPTY,
  literal,
  charClass,
  charSet,
  seq,
  choice,
  repeat,
  optional,
  star,
  plus,
  ref,
  token,
  grammar,
  classCodepoints,
  normalizeExpr,
  normalizeGrammar,
  exprEquals,
  leafKey,
  grammarEquals,
  grammarKey,
  walkExpr,
  forEachRef,
} from "./ir.js";
export {
  type CodepointRange,
  type ByteRange,
  type Utf8Sequence,
  normalizeRanges,
  complementRanges,
  intersectRanges,
  rangesContain,
  withoutSurrogates,
  utf8Sequences,
} from "./codepoint-set.js";
export { utf8Encode, utf8Decode, utf8CharAt, loneSurrogateAt } from "./utf8.js";
export { checkNode, checkRuleNames, validateGrammar, type GrammarWarning, type ValidateOptions } from "./validate.js";
export { MAX_EXPR_DEPTH } from "./depth.js";
export { productiveRules, nullableRules, ruleGraph, type RuleGraph, reachableRules, referencedRules, exprProductive, exprNullable } from "./analysis.js";
export { stronglyConnectedComponents } from "./graph.js";
export { parseEbnf, type ParseEbnfOptions } from "./parse-ebnf.js";
export { parseLark, type ParseLarkOptions } from "./parse-lark.js";
export { printEbnf } from "./printers/ebnf.js";
export { printGbnf, type PrintGbnfOptions } from "./printers/gbnf.js";
export { printLark, type PrintLarkOptions } from "./printers/lark.js";
export { GrammarBuilder, renameRefs } from "./builder.js";
export { factorChoice } from "./factor.js";
export {
  accepts,
  viablePrefix,
  inputSymbols,
  Recognizer,
  RecognizerSession,
  type InputPiece,
  type InputSymbol,
  type RecognizerInput,
} from "./recognizer.js";
