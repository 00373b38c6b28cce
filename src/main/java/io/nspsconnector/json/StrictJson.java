package io.nspsconnector.json;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

/**
 * Parses a request body that must be exactly one JSON object: no content after it, no duplicate keys (which value
 * would win is a guess), nesting within the parser's depth limit. Every failure is one exception with a reason,
 * never a generic runtime error from the parser.
 */
public final class StrictJson {

    private static final JsonParserFactory PARSERS =
            Json.createParserFactory(Map.of("org.eclipse.parsson.rejectDuplicateKeys", true));

    private StrictJson() {
    }

    /** A body that is not exactly one JSON object. */
    public static final class NotAnObject extends Exception {
        private NotAnObject(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Decodes UTF-8 strictly: a malformed or truncated sequence is an error, never replaced by U+FFFD (two
     * different invalid ids must not become the same text).
     *
     * @param bytes the bytes
     * @return the text
     * @throws NotAnObject {@code is not valid UTF-8}
     */
    public static String decodeUtf8(byte[] bytes) throws NotAnObject {
        if (ascii(bytes)) {
            // the usual body: ASCII is valid UTF-8 as it is, and becomes a compact string in one copy
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotAnObject("is not valid UTF-8");
        }
    }

    /**
     * Checks that bytes are well-formed UTF-8: the verdict of {@link #decodeUtf8} (overlong forms, encoded
     * surrogates, code points above U+10FFFF and truncated sequences are refused), without making a string of an
     * ASCII body, the usual one. Other bodies are decoded strictly by the JDK and the text dropped.
     *
     * @param bytes the bytes
     * @throws NotAnObject {@code is not valid UTF-8}
     */
    public static void requireUtf8(byte[] bytes) throws NotAnObject {
        if (!ascii(bytes)) {
            decodeUtf8(bytes);
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses UTF-8 bytes.
     *
     * @param body the bytes
     * @return the object
     * @throws NotAnObject with a short reason such as {@code is not valid JSON (line 1, column 7)} or
     *                     {@code is not valid UTF-8}
     */
    public static JsonObject parseObject(byte[] body) throws NotAnObject {
        if (body.length == 0) {
            throw new NotAnObject("is empty");
        }
        // JSON between systems is UTF-8 (RFC 8259): decode once, then parse from characters, which spares the
        // 8 KiB decoder buffer a byte stream reader allocates per call
        try (JsonParser parser = PARSERS.createParser(new StringReader(decodeUtf8(body)))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new NotAnObject("must be a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new NotAnObject("has content after the JSON object");
            }
            return object;
        } catch (RuntimeException e) {
            // malformed text, duplicate keys, nesting deeper than the parser allows, bad encoding
            if (e instanceof JsonParsingException parsing && parsing.getLocation() != null) {
                throw new NotAnObject("is not valid JSON (line " + parsing.getLocation().getLineNumber()
                                              + ", column " + parsing.getLocation().getColumnNumber() + ")");
            }
            throw new NotAnObject("is not valid JSON");
        }
    }
}
