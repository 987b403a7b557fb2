#include "fhirpath/parser.hpp"

namespace renkei::fhirpath {
namespace {

// Binding strength of binary operators, lowest first (FHIRPath N1 §Operator precedence).
enum Level : int {
  kImplies = 1, kOr, kAnd, kMembership, kEquality, kInequality, kUnion, kType, kAdditive, kMultiplicative
};

struct OperatorInfo {
  BinaryOp op;
  int level;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::unique_ptr<AstNode> parse() {
    auto e = expression(kImplies);
    if (peek().kind != TokenKind::End) fail("unexpected '" + peek().text + "'", peek());
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& message, const Token& at) {
    throw SyntaxError(message, at.line, at.column);
  }
  const Token& peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& take() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool is_symbol(const Token& t, std::string_view s) const { return t.kind == TokenKind::Symbol && t.text == s; }
  void expect_symbol(std::string_view s) {
    if (!is_symbol(peek(), s)) {
      fail(peek().kind == TokenKind::End ? "expected '" + std::string(s) + "' before the end"
                                         : "expected '" + std::string(s) + "' but found '" + peek().text + "'",
           peek());
    }
    take();
  }

  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p(p) {
      if (++p.depth_ > kMaxParseDepth) p.fail("expression nested too deeply", p.peek());
    }
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };

  std::optional<OperatorInfo> binary_operator(const Token& t) const {
    if (t.kind == TokenKind::Symbol) {
      static const std::pair<std::string_view, OperatorInfo> symbols[] = {
          {"*", {BinaryOp::Mul, kMultiplicative}}, {"/", {BinaryOp::Div, kMultiplicative}},
          {"+", {BinaryOp::Add, kAdditive}},       {"-", {BinaryOp::Sub, kAdditive}},
          {"&", {BinaryOp::Concat, kAdditive}},    {"|", {BinaryOp::Union, kUnion}},
          {"<", {BinaryOp::Lt, kInequality}},      {">", {BinaryOp::Gt, kInequality}},
          {"<=", {BinaryOp::Le, kInequality}},     {">=", {BinaryOp::Ge, kInequality}},
          {"=", {BinaryOp::Eq, kEquality}},        {"~", {BinaryOp::Equiv, kEquality}},
          {"!=", {BinaryOp::Ne, kEquality}},       {"!~", {BinaryOp::NotEquiv, kEquality}},
      };
      for (auto& [s, info] : symbols)
        if (t.text == s) return info;
      return std::nullopt;
    }
    if (t.kind != TokenKind::Identifier) return std::nullopt;
    static const std::pair<std::string_view, OperatorInfo> words[] = {
        {"div", {BinaryOp::IntDiv, kMultiplicative}}, {"mod", {BinaryOp::Mod, kMultiplicative}},
        {"is", {BinaryOp::Is, kType}},                {"as", {BinaryOp::As, kType}},
        {"in", {BinaryOp::In, kMembership}},          {"contains", {BinaryOp::Contains, kMembership}},
        {"and", {BinaryOp::And, kAnd}},               {"or", {BinaryOp::Or, kOr}},
        {"xor", {BinaryOp::Xor, kOr}},                {"implies", {BinaryOp::Implies, kImplies}},
    };
    for (auto& [s, info] : words)
      if (t.text == s) return info;
    return std::nullopt;
  }

  std::unique_ptr<AstNode> expression(int min_level) {
    DepthGuard guard(*this);
    auto left = unary();
    for (;;) {
      const Token& t = peek();
      auto info = binary_operator(t);
      if (!info || info->level < min_level) return left;
      take();
      auto node = std::make_unique<AstNode>();
      node->kind = AstKind::Binary;
      node->op = info->op;
      node->column = t.column;
      node->children.push_back(std::move(left));
      if (info->op == BinaryOp::Is || info->op == BinaryOp::As) {
        node->kind = AstKind::TypeTest;
        type_specifier(*node);
      } else {
        if (peek().kind == TokenKind::End) fail("expected an operand after '" + t.text + "'", peek());
        node->children.push_back(expression(info->level + 1));  // all binary operators are left-associative
      }
      left = std::move(node);
    }
  }

  void type_specifier(AstNode& node) {
    const Token& t = take();
    if (t.kind != TokenKind::Identifier && t.kind != TokenKind::Delimited) fail("expected a type name", t);
    node.type_name = t.text;
    if (is_symbol(peek(), ".") && (peek(1).kind == TokenKind::Identifier || peek(1).kind == TokenKind::Delimited)) {
      take();
      node.type_namespace = node.type_name;
      node.type_name = take().text;
    }
  }

  std::unique_ptr<AstNode> unary() {
    const Token& t = peek();
    if (is_symbol(t, "+") || is_symbol(t, "-")) {
      DepthGuard guard(*this);
      take();
      auto node = std::make_unique<AstNode>();
      node->kind = AstKind::Unary;
      node->op = t.text == "-" ? BinaryOp::Negate : BinaryOp::Add;
      node->column = t.column;
      node->children.push_back(unary());
      return node;
    }
    return postfix(term());
  }

  std::unique_ptr<AstNode> postfix(std::unique_ptr<AstNode> target) {
    for (;;) {
      const Token& t = peek();
      if (is_symbol(t, ".")) {
        take();
        const Token& name = take();
        if (name.kind != TokenKind::Identifier && name.kind != TokenKind::Delimited)
          fail("expected a name after '.'", name);
        if (name.kind == TokenKind::Identifier && is_symbol(peek(), "(")) {
          target = function_call(name, std::move(target));
        } else {
          auto node = std::make_unique<AstNode>();
          node->kind = AstKind::Member;
          node->name = name.text;
          node->column = name.column;
          node->children.push_back(std::move(target));
          target = std::move(node);
        }
      } else if (is_symbol(t, "[")) {
        take();
        auto node = std::make_unique<AstNode>();
        node->kind = AstKind::Indexer;
        node->column = t.column;
        node->children.push_back(std::move(target));
        node->children.push_back(expression(kImplies));
        expect_symbol("]");
        target = std::move(node);
      } else {
        return target;
      }
    }
  }

  std::unique_ptr<AstNode> function_call(const Token& name, std::unique_ptr<AstNode> target) {
    auto node = std::make_unique<AstNode>();
    node->kind = AstKind::Function;
    node->name = name.text;
    node->column = name.column;
    node->function = function_by_name(name.text);
    if (node->function == FunctionId::Unknown) fail("unknown function '" + name.text + "'", name);
    if (target) {
      node->has_target = true;
      node->children.push_back(std::move(target));
    }
    expect_symbol("(");
    if (!is_symbol(peek(), ")")) {
      for (;;) {
        node->children.push_back(expression(kImplies));
        if (!is_symbol(peek(), ",")) break;
        take();
      }
    }
    expect_symbol(")");
    Arity a = function_arity(node->function);
    if (node->arg_count() < a.min || node->arg_count() > a.max)
      fail("wrong number of arguments for '" + name.text + "'", name);
    // Type arguments are names, not expressions: resolve them now.
    if (node->function == FunctionId::Is || node->function == FunctionId::As ||
        node->function == FunctionId::OfType) {
      const AstNode& arg = node->arg(0);
      if (arg.kind == AstKind::Identifier) {
        node->type_name = arg.name;
      } else if (arg.kind == AstKind::Member && arg.children[0]->kind == AstKind::Identifier) {
        node->type_namespace = arg.children[0]->name;
        node->type_name = arg.name;
      } else {
        fail("expected a type name as the argument of '" + name.text + "'", name);
      }
    }
    return node;
  }

  std::unique_ptr<AstNode> literal(Item value, uint32_t column) {
    auto node = std::make_unique<AstNode>();
    node->kind = AstKind::Literal;
    node->literal = std::move(value);
    node->column = column;
    return node;
  }

  std::unique_ptr<AstNode> term() {
    DepthGuard guard(*this);
    const Token& t = take();
    switch (t.kind) {
      case TokenKind::End: fail("unexpected end of expression", t);
      case TokenKind::String: return literal(Item::of(t.text), t.column);
      case TokenKind::Number: {
        // A number followed by a unit string or a calendar keyword is a Quantity.
        const Token& next = peek();
        bool unit_string = next.kind == TokenKind::String;
        bool calendar = next.kind == TokenKind::Identifier && !Quantity::calendar_keyword(next.text).empty();
        auto dec = Decimal::parse(t.text);
        if (!dec) fail("malformed number", t);
        if (unit_string || calendar) {
          take();
          Quantity q{*dec, unit_string ? next.text : std::string(Quantity::calendar_keyword(next.text))};
          return literal(Item::of(q), t.column);
        }
        if (t.text.find('.') != std::string::npos) return literal(Item::of(*dec), t.column);
        auto i = dec->to_int64();
        if (!i || *i > INT32_MAX) fail("integer literal out of range", t);
        return literal(Item::of(*i), t.column);
      }
      case TokenKind::DateTime: {
        bool has_time = t.text.find('T') != std::string::npos;
        auto v = has_time ? Temporal::parse_datetime(t.text) : Temporal::parse_date(t.text);
        if (!v) fail("malformed date/time literal '@" + t.text + "'", t);
        return literal(Item::of(*v), t.column);
      }
      case TokenKind::Time: {
        auto v = Temporal::parse_time(t.text);
        if (!v) fail("malformed time literal '@T" + t.text + "'", t);
        return literal(Item::of(*v), t.column);
      }
      case TokenKind::Variable: {
        auto node = std::make_unique<AstNode>();
        node->kind = AstKind::Variable;
        node->name = t.text;
        node->column = t.column;
        return node;
      }
      case TokenKind::Special: {
        auto node = std::make_unique<AstNode>();
        node->kind = t.text == "this" ? AstKind::This : t.text == "index" ? AstKind::Index : AstKind::Total;
        node->column = t.column;
        return node;
      }
      case TokenKind::Delimited: {
        auto node = std::make_unique<AstNode>();
        node->kind = AstKind::Identifier;
        node->name = t.text;
        node->column = t.column;
        return node;
      }
      case TokenKind::Identifier: {
        if (t.text == "true" || t.text == "false") return literal(Item::of(t.text == "true"), t.column);
        if (is_symbol(peek(), "(")) return function_call(t, nullptr);
        auto node = std::make_unique<AstNode>();
        node->kind = AstKind::Identifier;
        node->name = t.text;
        node->column = t.column;
        return node;
      }
      case TokenKind::Symbol: {
        if (t.text == "(") {
          auto e = expression(kImplies);
          expect_symbol(")");
          return e;
        }
        if (t.text == "{") {
          expect_symbol("}");
          auto node = std::make_unique<AstNode>();
          node->kind = AstKind::EmptySet;
          node->column = t.column;
          return node;
        }
        fail("unexpected '" + t.text + "'", t);
      }
    }
    fail("unexpected token", t);
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
};

}  // namespace

std::unique_ptr<AstNode> parse_expression(std::string_view expression) {
  return Parser(tokenize(expression)).parse();
}

}  // namespace renkei::fhirpath
