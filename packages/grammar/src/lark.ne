# Syntax of the Lark subset llguidance reads; compiled by nearleyc into lark.generated.ts.
# The parser runs once per rule (parse-common.ts splits the token stream at rule heads), so
# memory stays bounded on large grammars. Lists are left-recursive cons cells, as in ebnf.ne.
@preprocessor typescript
@{%
import { LarkLexer } from "./lark-lexer.js";
import * as build from "./ebnf-build.js";
const lexer = new LarkLexer().nearleyStub();
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
            | %regex                             {% build.charClass %}
            | %ident                             {% build.ruleRef %}
            | %angleToken                        {% build.specialToken %}
            | %angleIdToken                      {% build.specialToken %}
            | %lparen choice %rparen             {% build.group %}
            | %lbracket choice %rbracket         {% build.optionalGroup %}
