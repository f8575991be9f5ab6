// The statement rules of the chain language's parser; each function carries its rule.

#include "parser_impl.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace chainrule::lang::detail {

namespace {

constexpr std::array<std::string_view, 3> initialiser_names = {"normal", "uniform", "file"};
constexpr std::array<std::string_view, 5> format_names = {"text", "latex", "steps", "graph", "c"};
constexpr std::array<std::string_view, 3> train_clauses = {"epochs", "batch", "seed"};
constexpr std::array<std::string_view, 3> eval_clauses = {"at", "digits", "over"};
constexpr std::array<std::string_view, 2> data_clauses = {"test", "seed"};

// the relation a comparison token stands for
std::optional<relation_op> relation_of(token_kind k) {
    if (k == token_kind::less) return relation_op::less;
    if (k == token_kind::less_equal) return relation_op::less_equal;
    if (k == token_kind::greater) return relation_op::greater;
    if (k == token_kind::greater_equal) return relation_op::greater_equal;
    if (k == token_kind::assign || k == token_kind::equal) return relation_op::equal;
    if (k == token_kind::not_equal) return relation_op::not_equal;
    return std::nullopt;
}

bool is_relation(token_kind k) { return relation_of(k).has_value(); }

std::string keyword_list() {
    std::string out;
    for (const std::string_view k : statement_keywords()) out += (out.empty() ? "" : ", ") + std::string(k);
    return out;
}

}  // namespace

/// statement: input | param | const | grad | eval | show | assume | claim | check | data
///          | train | save | load | definition
statement parser::parse_statement() {
    nesting_ = 0;
    const token& first = peek();
    statement_node n;
    if (first.kind == token_kind::keyword) {
        const std::string_view k = first.text;
        if (k == "input") n = input_statement_rule();
        else if (k == "param") n = param_statement_rule();
        else if (k == "const") n = const_statement_rule();
        else if (k == "grad") n = grad_statement_rule();
        else if (k == "eval") n = eval_statement_rule();
        else if (k == "show") n = show_statement_rule();
        else if (k == "assume") n = assume_statement_rule();
        else if (k == "claim") n = claim_statement_rule();
        else if (k == "check") n = check_statement_rule();
        else if (k == "train") n = train_statement_rule();
        else if (k == "data") n = data_statement_rule();
        else if (k == "save") n = save_statement{file_statement_rule()};
        else {
            CHAINRULE_ASSERT(k == "load");
            n = load_statement{file_statement_rule()};
        }
    } else if (first.kind == token_kind::identifier) {
        if (peek(1).kind == token_kind::assign) {
            n = definition_rule();
        } else if (const auto keyword = closest_match(first.text, statement_keywords())) {
            fail(first.span, "unknown statement '" + std::string(first.text) + "' (did you mean '" +
                                 std::string(*keyword) + "'?)");
        } else if (peek(1).kind == token_kind::lbracket) {
            fail(first.span, "expected a statement; a definition names a whole value ('" + std::string(first.text) +
                                 " = ...'), elements cannot be assigned one by one");
        } else {
            advance();
            fail_found("'=' after '" + std::string(first.text) + "' to define it, or a statement keyword (" +
                       keyword_list() + ")");
        }
    } else {
        fail_found("a statement: a definition 'name = ...' or a keyword (" + keyword_list() + ")");
    }
    statement s{std::move(n), cover(first.span, previous().span)};
    advance();  // the newline
    return s;
}

void parser::skip_statement() {
    while (!at(token_kind::newline) && !at(token_kind::end)) advance();
    if (at(token_kind::newline)) advance();
}

void parser::learn(const statement& s) {
    for (std::string& name : declared_names(s)) learned_.insert(std::move(name));
}

const token& parser::name_token(const std::string& expected) {
    if (at(token_kind::keyword))
        fail(peek().span, "'" + std::string(peek().text) + "' is a statement keyword and cannot be used as a name");
    if (!at(token_kind::identifier)) fail_found(expected);
    return advance();
}

void parser::expect_word(std::string_view word, const std::string& expected) {
    if (!at_word(word)) {
        const std::array<std::string_view, 1> candidates = {word};
        fail_found(expected, candidates);
    }
    advance();
}

/// declared: NAME ('[' WHOLE (',' WHOLE)* ']')?
declared_name parser::declaration(const std::string& after) {
    const token& name = name_token("a name to declare " + after);
    declared_name d{std::string(name.text), name.span, {}, name.span};
    if (at(token_kind::lbracket)) {
        const token& open = advance();
        const long most = std::numeric_limits<long>::max();
        d.shape.push_back(whole_number("as a dimension", "a dimension", 1, most).value);
        while (at(token_kind::comma)) {
            advance();
            d.shape.push_back(whole_number("as a dimension", "a dimension", 1, most).value);
        }
        expect_close(open, true);
        d.span = cover(name.span, previous().span);
    }
    return d;
}

/// input: 'input' declared (',' declared)*
statement_node parser::input_statement_rule() {
    advance();
    input_statement s;
    s.names.push_back(declaration("after 'input'"));
    while (at(token_kind::comma)) {
        advance();
        s.names.push_back(declaration("after ','"));
    }
    expect_end("',' or end of line");
    return s;
}

/// param: 'param' declared (',' declared)* ('~' initialiser)?
statement_node parser::param_statement_rule() {
    advance();
    param_statement s;
    s.names.push_back(declaration("after 'param'"));
    while (at(token_kind::comma)) {
        advance();
        s.names.push_back(declaration("after ','"));
    }
    if (at(token_kind::tilde)) {
        advance();
        s.init = initialiser_rule();
    }
    expect_end(s.init ? "end of line" : "',', '~' and an initialiser, or end of line");
    return s;
}

/// initialiser: ('normal' | 'uniform') '(' expression ',' expression ')' | 'file' '(' STRING ')'
initialiser parser::initialiser_rule() {
    if (!at(token_kind::identifier)) fail_found("an initialiser after '~', such as normal(0, 1)");
    const token& name = advance();
    const auto known = std::find(initialiser_names.begin(), initialiser_names.end(), name.text);
    if (known == initialiser_names.end())
        fail(name.span, "unknown initialiser '" + std::string(name.text) + "'" +
                            did_you_mean(name.text, initialiser_names) +
                            "; the initialisers are normal(mean, sd), uniform(low, high) and file(\"path\")");
    initialiser init;
    init.kind = static_cast<initialiser_kind>(known - initialiser_names.begin());
    init.name_span = name.span;
    if (!at(token_kind::lparen)) fail_found("'(' after '" + std::string(name.text) + "'");
    const token& open = advance();
    if (init.kind == initialiser_kind::file) {
        if (!at(token_kind::string)) fail_found("a file name in quotes");
        const token& file = advance();
        init.file = path_literal{file.value, file.span};
    } else {
        const nesting guard(*this, open.span);
        init.arguments.push_back(parse_expression());
        while (at(token_kind::comma)) {
            advance();
            init.arguments.push_back(parse_expression());
        }
    }
    expect_close(open, init.kind != initialiser_kind::file);
    init.span = cover(name.span, previous().span);
    if (init.kind != initialiser_kind::file && init.arguments.size() != 2)
        fail(init.span, std::string(name.text) + " takes 2 arguments (" +
                            (init.kind == initialiser_kind::normal ? "mean, sd" : "low, high") + "), found " +
                            std::to_string(init.arguments.size()));
    return init;
}

/// const: 'const' NAME '=' expression
statement_node parser::const_statement_rule() {
    advance();
    const token& name = name_token("a name after 'const'");
    if (!at(token_kind::assign)) fail_found("'=' after '" + std::string(name.text) + "'");
    advance();
    const_statement s{std::string(name.text), name.span, parse_expression()};
    expect_end("an operator or end of line");
    return s;
}

/// definition: NAME '=' expression
statement_node parser::definition_rule() {
    const token& name = advance();
    advance();  // '='
    definition_statement s{std::string(name.text), name.span, parse_expression()};
    expect_end("an operator or end of line");
    return s;
}

/// grad: 'grad' expression 'wrt' variable (',' variable)* ('over' 'data')?
statement_node parser::grad_statement_rule() {
    advance();
    grad_statement s;
    s.of = parse_expression();
    expect_word("wrt", "'wrt' after the expression");
    s.wrt.push_back(variable("a variable after 'wrt'").ref);
    while (at(token_kind::comma)) {
        advance();
        s.wrt.push_back(variable("a variable after ','").ref);
    }
    if (at_word("over")) {
        const token& clause = advance();
        if (peek().text != "data") fail_found("'data' after 'over' (grad L wrt w over data: the mean partials over the data's rows)");
        s.over_data = cover(clause.span, advance().span);
    }
    expect_end(s.over_data ? "end of line" : "',', 'over data' or end of line");
    return s;
}

/// eval: 'eval' expression ('at' binding (',' binding)* | 'digits' WHOLE | 'over' 'data')*   (each clause once)
/// binding: NAME '=' expression
statement_node parser::eval_statement_rule() {
    advance();
    eval_statement s;
    s.value = parse_expression();
    bool bound = false;
    while (at_word("at") || at_word("digits") || at_word("over")) {
        const token& clause = advance();
        if (clause.text == "over") {
            if (s.over_data) fail(clause.span, "'over' is given twice");
            if (peek().text != "data" && peek().text != "test")
                fail_found("'data' or 'test' after 'over' (eval E over data: the mean of E over the training rows; "
                           "eval E over test: over the rows held out by 'data \"FILE\" test 0.2')");
            s.over_test = peek().text == "test";
            s.over_data = cover(clause.span, advance().span);
            continue;
        }
        if (clause.text == "digits") {
            if (s.digits) fail(clause.span, "'digits' is given twice");
            s.digits = whole_number("after 'digits'", "'digits'", 1, max_digits);
            continue;
        }
        if (bound) fail(clause.span, "'at' is given twice; separate the bindings with ','");
        bound = true;
        bindings_rule(s.bindings);
    }
    expect_end("'at', 'digits', 'over data', 'over test', an operator or end of line", eval_clauses);
    return s;
}

void parser::bindings_rule(std::vector<binding>& out) {
    while (true) {
        const token& name = name_token("a name to bind after '" + std::string(previous().text) + "'");
        if (!at(token_kind::assign)) fail_found("'=' after '" + std::string(name.text) + "'");
        advance();
        out.push_back(binding{std::string(name.text), name.span, parse_expression()});
        if (!at(token_kind::comma)) break;
        advance();
    }
}

/// show: 'show' expression ('as' FORMAT)?      FORMAT: text | latex | steps | graph | c
///       graph: 'as' 'graph' 'expanded'? ('at' binding (',' binding)*)?
///       steps: 'as' 'steps' ('at' binding (',' binding)*)?
statement_node parser::show_statement_rule() {
    advance();
    show_statement s;
    s.value = parse_expression();
    if (at_word("as")) {
        advance();
        if (!at(token_kind::identifier)) fail_found("a format after 'as' (text, latex, steps, graph or c)");
        const token& format = advance();
        const auto known = std::find(format_names.begin(), format_names.end(), format.text);
        if (known == format_names.end())
            fail(format.span, "unknown format '" + std::string(format.text) + "'" +
                                  did_you_mean(format.text, format_names) +
                                  "; the formats are text, latex, steps, graph and c");
        s.format = static_cast<show_format>(known - format_names.begin());
        s.format_span = format.span;
        const bool graph = s.format == show_format::graph, steps = s.format == show_format::steps;
        if (graph && at_word("expanded")) {
            advance();
            s.expanded = true;
        }
        if ((graph || steps) && at_word("at")) {
            advance();
            bindings_rule(s.bindings);
        }
        expect_end(graph ? (s.expanded ? "'at' or end of line" : "'expanded', 'at' or end of line")
                   : steps ? "'at' or end of line"
                           : "end of line");
    } else {
        const std::array<std::string_view, 1> as = {"as"};
        expect_end("'as', an operator or end of line", as);
    }
    return s;
}

/// relation: expression ('<' | '<=' | '>' | '>=' | '=' | '==' | '!=') expression
relation parser::relation_rule() {
    relation r;
    r.left = parse_expression();
    if (!is_relation(peek().kind)) fail_found("a comparison (<, <=, >, >=, = or !=)");
    const token& op = advance();
    r.op = *relation_of(op.kind);
    r.op_span = op.span;
    r.right = parse_expression();
    if (is_relation(peek().kind))
        fail(peek().span, "chained comparisons are not supported: state each as a fact of its own, "
                          "as in 'assume 0 < x, x < 1'");
    r.span = cover(r.left->span, r.right->span);
    return r;
}

/// assume: 'assume' relation (',' relation)*
statement_node parser::assume_statement_rule() {
    advance();
    assume_statement s;
    s.facts.push_back(relation_rule());
    while (at(token_kind::comma)) {
        advance();
        s.facts.push_back(relation_rule());
    }
    expect_end("',' or end of line");
    return s;
}

/// claim: 'claim' expression ('=' | '==') expression
statement_node parser::claim_statement_rule() {
    advance();
    claim_statement s;
    s.left = parse_expression();
    if (is_relation(peek().kind) && !at(token_kind::assign) && !at(token_kind::equal))
        fail(peek().span, "expected '=' between the two sides of the claim, found '" + std::string(peek().text) +
                              "' (a claim states an equality; inequalities are facts for 'assume')");
    if (!at(token_kind::assign) && !at(token_kind::equal)) fail_found("'=' between the two sides of the claim");
    s.equals_span = advance().span;
    s.right = parse_expression();
    expect_end("an operator or end of line");
    return s;
}

/// check: 'check' expression
statement_node parser::check_statement_rule() {
    advance();
    check_statement s{parse_expression()};
    expect_end("an operator or end of line");
    return s;
}

/// train: 'train' expression 'by' optimizer ('epochs' WHOLE | 'batch' WHOLE | 'seed' WHOLE)*
/// optimizer: NAME ('(' (option (',' option)*)? ')')?      option: NAME '=' expression
statement_node parser::train_statement_rule() {
    advance();
    train_statement s;
    s.loss = parse_expression();
    expect_word("by", "'by' and an optimizer after the loss, as in 'train L by adam(lr = 0.01)'");
    const token& name = name_token("an optimizer name after 'by', such as adam or sgd");
    s.optimizer.name = std::string(name.text);
    s.optimizer.name_span = name.span;
    if (at(token_kind::lparen)) {
        const token& open = advance();
        const nesting guard(*this, open.span);
        while (!at(token_kind::rparen)) {
            if (!s.optimizer.options.empty()) {
                if (!at(token_kind::comma)) break;
                advance();
            }
            const token& option_name = name_token("an option name, as in 'lr = 0.05'");
            if (!at(token_kind::assign))
                fail_found("'=' after the option name '" + std::string(option_name.text) + "'");
            advance();
            s.optimizer.options.push_back(
                option{std::string(option_name.text), option_name.span, parse_expression()});
        }
        expect_close(open, true);
    }
    while (at(token_kind::identifier)) {
        const token& clause = peek();
        std::optional<count_clause>* slot = clause.text == "epochs" ? &s.epochs
                                            : clause.text == "batch"  ? &s.batch
                                            : clause.text == "seed"   ? &s.seed
                                                                      : nullptr;
        if (!slot) break;
        if (*slot) fail(clause.span, "'" + std::string(clause.text) + "' is given twice");
        advance();
        const long least = clause.text == "seed" ? 0 : 1;
        const std::string word = "'" + std::string(clause.text) + "'";
        *slot = whole_number("after " + word, word, least, std::numeric_limits<long>::max());
    }
    expect_end("'epochs', 'batch', 'seed' or end of line", train_clauses);
    return s;
}

/// data: 'data' STRING ('test' FRACTION | 'seed' WHOLE)*   (each clause once; seed only with test)
/// FRACTION: a number strictly between 0 and 1
statement_node parser::data_statement_rule() {
    const token& keyword = advance();
    if (!at(token_kind::string)) fail_found("a file name in quotes after '" + std::string(keyword.text) + "'");
    const token& t = advance();
    data_statement s{{t.value, t.span}, {}, {}};
    while (at_word("test") || at_word("seed")) {
        const token& clause = advance();
        if (clause.text == "seed") {
            if (s.seed) fail(clause.span, "'seed' is given twice");
            s.seed = whole_number("after 'seed'", "'seed'", 0, std::numeric_limits<long>::max());
            continue;
        }
        if (s.test) fail(clause.span, "'test' is given twice");
        if (!at(token_kind::number)) fail_found("the fraction of the rows to hold out after 'test', as in 'test 0.2'");
        const token& number = advance();
        rational value;
        try {
            value = parse_decimal(number.text);
        } catch (const error& e) {
            fail(number.span, e.what());
        }
        if (!(value > 0 && value < 1))
            fail(number.span, "the test fraction must be between 0 and 1 (0.2 holds out a fifth of the rows), found '" +
                                  std::string(number.text) + "'");
        s.test = fraction_clause{value, number.span};
    }
    if (s.seed && !s.test) fail(s.seed->span, "'seed' chooses the held-out rows: it needs 'test', as in 'test 0.2 seed 1'");
    expect_end("'test', 'seed' or end of line", data_clauses);
    return s;
}

/// save | load: KEYWORD STRING
path_literal parser::file_statement_rule() {
    const token& keyword = advance();
    if (!at(token_kind::string)) fail_found("a file name in quotes after '" + std::string(keyword.text) + "'");
    const token& t = advance();
    expect_end("end of line");
    return {t.value, t.span};
}

/// WHOLE: a number that is a whole number between `least` and `most`
count_clause parser::whole_number(const std::string& expected, const std::string& subject, long least,
                                  long most) {
    if (!at(token_kind::number)) fail_found("a whole number " + expected);
    const token& t = advance();
    rational value;
    try {
        value = parse_decimal(t.text);
    } catch (const error& e) {
        fail(t.span, e.what());
    }
    const std::string found = "found '" + std::string(t.text) + "'";
    if (!is_integer(value)) fail(t.span, subject + " must be a whole number, " + found);
    const std::optional<long> n = to_small_integer(value);
    if (n && *n < least) fail(t.span, subject + " must be at least " + std::to_string(least) + ", " + found);
    if (!n || *n > most) fail(t.span, subject + " must be at most " + std::to_string(most) + ", " + found);
    return {*n, t.span};
}

}  // namespace chainrule::lang::detail
