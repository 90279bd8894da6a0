# Syntax of the EBNF dialect XGrammar and WebLLM accept (GBNF-like). Compiled by nearleyc at
# build time into ebnf.generated.ts; the lexer (ebnf-lexer.ts) has already decoded escapes.
# The parser runs once per rule (parse-common.ts splits the token stream at rule heads), so
# memory stays bounded on large grammars. Lists are left-recursive and built as cons cells:
# nearley's :* macro copies the list at every item.
@preprocessor typescript
@{%
import { EbnfLexer } from "./ebnf-lexer.js";
import * as build from "./ebnf-build.js";
const lexer = new EbnfLexer().nearleyStub();
%}
@lexer lexer

rule       -> %ruleHead choice                   {% build.rule %}
choice     -> sequence                           {% build.single %}
            | choice %pipe sequence              {% build.consSkip %}
sequence   -> null                               {% build.nil %}
            | sequence quantified                {% build.cons %}
quantified -> primary                            {% build.first %}
            | primary quantifier                 {% build.quantified %}
quantifier -> %star                              {% build.first %}
            | %plus                              {% build.first %}
            | %question                          {% build.first %}
            | %range                             {% build.first %}
primary    -> %string                            {% build.literal %}
            | %charClass                         {% build.charClass %}
            | %ident                             {% build.ruleRef %}
            | %tokenMacro                        {% build.specialToken %}
            | %angleToken                        {% build.specialToken %}
            | %dot                               {% build.anyChar %}
            | %lparen choice %rparen             {% build.group %}
            | %lparen %rparen                    {% build.empty %}
