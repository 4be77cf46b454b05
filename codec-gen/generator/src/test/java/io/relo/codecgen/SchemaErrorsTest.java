package io.relo.codecgen;

import io.relo.codecgen.ir.Ir;
import io.relo.codecgen.ir.Resolver;
import io.relo.codecgen.schema.SchemaException;
import io.relo.codecgen.schema.SchemaParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A schema author gets the file, the line and what to change.
 */
class SchemaErrorsTest
{
    private static Ir.Schema resolve(final String text)
    {
        return Resolver.resolve(SchemaParser.parse("s.schema", text), "p");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown type            | primitive uint8 8;\\nstruct { uint9 x; } s; | s.schema line 2: unknown type 'uint9'",
        "missing semicolon       | primitive uint8 8\\nstruct { uint8 x; } s; | s.schema line 2: expected ';' but found 'struct'",
        "unclosed comment        | /* open | s.schema line 1: comment is never closed: add */",
        "bad width               | primitive odd 12; | s.schema line 1: primitive odd has 12 bits",
        "vector of vectors       | primitive char 8;\\ntypedef char string<65000>;\\nstruct { string v<255>; } s; | s.schema line 3: a vector of vectors is not supported",
        "recursion               | struct { s inner; } s; | s.schema line 1: 's' contains itself",
        "duplicate               | primitive uint8 8;\\nprimitive uint8 8; | s.schema line 2: 'uint8' is defined twice",
        "min above max           | primitive opaque 8;\\nstruct { opaque v<9..2>; } s; | s.schema line 2: bound <9..2> has its minimum above its maximum",
        "case label unknown      | primitive uint8 8;\\nselect { case nope: uint8 x; } s; | s.schema line 2: case label 'nope' is not a label of any enum",
        "external select misuse  | primitive uint8 8;\\nenum { a(1) } e;\\nselect (t.k) { case a: uint8 x; } s;\\nstruct { s body; e k; } t; | s.schema line 4: select s needs field 'k' before 'body' in t",
        "empty element vector    | struct { } e;\\nstruct { e es<255>; } s; | s.schema line 2: vector elements may be empty"})
    void shouldRejectWithLineAndAdvice(final String what, final String text, final String expected)
    {
        final SchemaException ex = assertThrows(SchemaException.class, () -> resolve(text.replace("\\n", "\n")));
        assertTrue(ex.getMessage().startsWith(expected), what + ": " + ex.getMessage());
    }

    @Test
    void shouldSizePrefixesAndEnumsByTheirMaximum()
    {
        final Ir.Schema schema = resolve(String.join("\n",
            "primitive opaque 8; primitive uint16 16;",
            "enum { a(1), (65535) } wide;",
            "enum { b(1), c(300) } implied;",
            "struct { opaque x<255>; opaque y<65000>; opaque z<0..2^24-1>; opaque w<3..2^32-1>;",
            "  wide e1; implied e2; uint16 length; opaque rest<255>; } s;"));
        final Ir.StructType s = schema.structs().get(0);
        assertEquals(1, ((Ir.VectorType)s.fields.get(0).type()).prefixWidth());
        assertEquals(2, ((Ir.VectorType)s.fields.get(1).type()).prefixWidth());
        assertEquals(3, ((Ir.VectorType)s.fields.get(2).type()).prefixWidth());
        assertEquals(4, ((Ir.VectorType)s.fields.get(3).type()).prefixWidth());
        assertEquals(3, ((Ir.VectorType)s.fields.get(3).type()).min());
        assertEquals(2, ((Ir.IntType)s.fields.get(4).type()).width());
        assertEquals(2, ((Ir.IntType)s.fields.get(5).type()).width());
        assertEquals(6, s.restLengthIndex());
    }
}
