package io.relo.codecgen.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the presentation syntax of the draft (and the TLS-style syntax of RFC 7904) into an {@link Ast.Schema}:
 * {@code primitive}, {@code typedef}, {@code enum}, {@code [public] struct}, {@code select [(S.f)]}, fields with
 * {@code <max>} or {@code <min..max>} bounds where either end may be {@code 2^N-1}, and C-style comments.
 */
public final class SchemaParser
{
    private final String source;
    private List<Lexer.Token> tokens;
    private int index;

    private SchemaParser(final String source)
    {
        this.source = source;
    }

    /**
     * Parse a whole schema.
     *
     * @param source name used in error messages, usually the file name.
     * @param text   the schema.
     * @return the parsed definitions in order.
     * @throws SchemaException naming the line of the first problem.
     */
    public static Ast.Schema parse(final String source, final String text)
    {
        final SchemaParser parser = new SchemaParser(source);
        parser.tokens = new Lexer(source, text).tokens();
        return new Ast.Schema(source, parser.definitions());
    }

    private List<Ast.Definition> definitions()
    {
        final List<Ast.Definition> definitions = new ArrayList<>();
        while (peek().kind() != Lexer.Kind.EOF)
        {
            definitions.add(definition());
        }
        return definitions;
    }

    private Ast.Definition definition()
    {
        final Lexer.Token first = next();
        final String doc = first.comment();
        switch (first.text())
        {
            case "primitive":
            {
                final String name = ident("a primitive name");
                final long bits = number();
                expect(";");
                return new Ast.Primitive(name, (int)bits, first.line(), doc);
            }
            case "typedef":
            {
                final String target = ident("the type being renamed");
                final String name = ident("the new type name");
                final Ast.Bound bound = optionalBound();
                expect(";");
                return new Ast.Typedef(name, target, bound, first.line(), doc);
            }
            case "enum":
                return enumeration(first, doc);
            case "public":
                expectWord("struct");
                return struct(first, true, doc);
            case "struct":
                return struct(first, false, doc);
            case "select":
                return select(first, doc);
            default:
                throw error(first, "expected primitive, typedef, enum, struct or select but found '" +
                    first.text() + "'");
        }
    }

    private Ast.Enum enumeration(final Lexer.Token first, final String doc)
    {
        expect("{");
        final List<Ast.EnumValue> values = new ArrayList<>();
        long maxValue = -1;
        do
        {
            if (peek().is("("))
            {
                next();
                maxValue = number();
                expect(")");
            }
            else
            {
                final Lexer.Token name = peek();
                final String label = ident("an enum label");
                expect("(");
                final long value = number();
                expect(")");
                values.add(new Ast.EnumValue(label, value, name.line()));
            }
        }
        while (accept(","));
        expect("}");
        final String name = ident("the enum's name after '}'");
        expect(";");
        if (values.isEmpty())
        {
            throw new SchemaException(source, first.line(), "enum " + name + " has no labels");
        }
        return new Ast.Enum(name, values, maxValue, first.line(), doc);
    }

    private Ast.Struct struct(final Lexer.Token first, final boolean isPublic, final String doc)
    {
        expect("{");
        final List<Ast.Field> fields = new ArrayList<>();
        while (!peek().is("}"))
        {
            fields.add(field());
        }
        expect("}");
        final String name = ident("the struct's name after '}'");
        expect(";");
        return new Ast.Struct(name, isPublic, fields, first.line(), doc);
    }

    private Ast.Select select(final Lexer.Token first, final String doc)
    {
        String discriminatorStruct = null;
        String discriminatorField = null;
        if (accept("("))
        {
            discriminatorStruct = ident("the struct holding the discriminator, as in select (Struct.field)");
            expect(".");
            discriminatorField = ident("the discriminator field, as in select (Struct.field)");
            expect(")");
        }
        expect("{");
        final List<Ast.Case> cases = new ArrayList<>();
        while (!peek().is("}"))
        {
            final Lexer.Token caseToken = next();
            if (!caseToken.is("case"))
            {
                throw error(caseToken, "expected 'case' inside select but found '" + caseToken.text() + "'");
            }
            final String label = ident("a case label");
            expect(":");
            final List<Ast.Field> fields = new ArrayList<>();
            while (!peek().is("case") && !peek().is("}"))
            {
                fields.add(field());
            }
            cases.add(new Ast.Case(label, fields, caseToken.line()));
        }
        expect("}");
        final String name = ident("the select's name after '}'");
        expect(";");
        if (cases.isEmpty())
        {
            throw new SchemaException(source, first.line(), "select " + name + " has no cases");
        }
        return new Ast.Select(name, discriminatorStruct, discriminatorField, cases, first.line(), doc);
    }

    private Ast.Field field()
    {
        final Lexer.Token type = peek();
        final String typeName = ident("a field type");
        final String name = ident("a field name after type '" + typeName + "'");
        final Ast.Bound bound = optionalBound();
        expect(";");
        return new Ast.Field(typeName, name, bound, type.line());
    }

    private Ast.Bound optionalBound()
    {
        if (!accept("<"))
        {
            return null;
        }
        final Lexer.Token at = peek();
        long min = 0;
        long max = expression();
        if (accept(".."))
        {
            min = max;
            max = expression();
        }
        expect(">");
        if (min > max)
        {
            throw error(at, "bound <" + min + ".." + max + "> has its minimum above its maximum");
        }
        return new Ast.Bound(min, max);
    }

    private long expression()
    {
        final Lexer.Token at = peek();
        long value = number();
        if (accept("^"))
        {
            final long exponent = number();
            if (value != 2 || exponent < 1 || exponent > 32)
            {
                throw error(at, "only powers of two up to 2^32 are supported in bounds, found " + value + "^" +
                    exponent);
            }
            value = 1L << exponent;
        }
        if (accept("-"))
        {
            value -= number();
        }
        return value;
    }

    private long number()
    {
        final Lexer.Token token = next();
        if (token.kind() != Lexer.Kind.NUMBER)
        {
            throw error(token, "expected a number but found '" + token.text() + "'");
        }
        final String text = token.text();
        return text.startsWith("0x") || text.startsWith("0X") ?
            Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    }

    private String ident(final String what)
    {
        final Lexer.Token token = next();
        if (token.kind() != Lexer.Kind.IDENT)
        {
            throw error(token, "expected " + what + " but found '" + token.text() + "'");
        }
        return token.text();
    }

    private void expectWord(final String word)
    {
        final Lexer.Token token = next();
        if (token.kind() != Lexer.Kind.IDENT || !token.text().equals(word))
        {
            throw error(token, "expected '" + word + "' but found '" + token.text() + "'");
        }
    }

    private void expect(final String symbol)
    {
        final Lexer.Token token = next();
        if (!token.is(symbol))
        {
            throw error(token, "expected '" + symbol + "' but found '" + token.text() + "'");
        }
    }

    private boolean accept(final String symbol)
    {
        if (peek().is(symbol))
        {
            index++;
            return true;
        }
        return false;
    }

    private Lexer.Token peek()
    {
        return tokens.get(index);
    }

    private Lexer.Token next()
    {
        final Lexer.Token token = tokens.get(index);
        if (token.kind() != Lexer.Kind.EOF)
        {
            index++;
        }
        return token;
    }

    private SchemaException error(final Lexer.Token token, final String message)
    {
        return new SchemaException(source, token.line(), message);
    }
}
