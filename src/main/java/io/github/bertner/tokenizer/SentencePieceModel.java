package io.github.bertner.tokenizer;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a SentencePiece {@code .model} file (a {@code ModelProto}, protobuf wire format) that transformers
 * reads to build a tokenizer: the pieces with their scores and types, the trainer's {@code unk_id}, and the
 * normalizer's precompiled character map. The file is untrusted: its size is bounded before it is read, every
 * length inside it is checked against the bytes present, and anything that does not parse is an error naming it.
 *
 * @param pieces the pieces in file order; a piece's index is its SentencePiece id
 * @param unknownId {@code trainer_spec.unk_id} (0 when absent)
 * @param precompiledCharsmap {@code normalizer_spec.precompiled_charsmap} (empty when absent)
 */
record SentencePieceModel(List<Piece> pieces, int unknownId, byte[] precompiledCharsmap) {
    /** The largest {@code .model} file read (the largest public ones, of multilingual models, hold some 5 MB). */
    static final long MAX_FILE_BYTES = 256L << 20;

    private static final int PIECES = 1;
    private static final int TRAINER_SPEC = 2;
    private static final int NORMALIZER_SPEC = 3;
    private static final int PIECE = 1;
    private static final int SCORE = 2;
    private static final int TYPE = 3;
    private static final int TRAINER_UNK_ID = 40;
    private static final int CHARSMAP = 2;

    /** A piece's type, as {@code sentencepiece_model.proto} numbers them. */
    enum Type {
        NORMAL,
        UNKNOWN,
        CONTROL,
        USER_DEFINED,
        UNUSED,
        BYTE;

        static Type of(int number) throws InvalidProtocolBufferException {
            if (number < 1 || number > values().length) {
                throw new InvalidProtocolBufferException("piece type " + number + " is none of 1 to 6");
            }
            return values()[number - 1];
        }
    }

    /**
     * One piece.
     *
     * @param piece its text ({@code ▁} marks a word start)
     * @param score its log probability, as the file holds it (float32)
     * @param type its type
     */
    record Piece(String piece, float score, Type type) {}

    /** Copies the character map. */
    SentencePieceModel {
        pieces = List.copyOf(pieces);
        precompiledCharsmap = precompiledCharsmap.clone();
    }

    @Override
    public byte[] precompiledCharsmap() {
        return precompiledCharsmap.clone();
    }

    /**
     * Reads a {@code .model} file.
     *
     * @param file the file
     * @return its pieces, unknown id and character map
     * @throws ModelLoadException naming the file if it cannot be read, is too large, or is not a SentencePiece model
     */
    static SentencePieceModel read(Path file) throws ModelLoadException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelLoadException(
                        file,
                        "has " + size + " bytes, more than a SentencePiece model has (at most " + MAX_FILE_BYTES + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ModelLoadException.of(file, "cannot be read", e);
        }
        SentencePieceModel model;
        try {
            model = parse(bytes);
        } catch (IOException e) {
            throw new ModelLoadException(
                    file, "is not a SentencePiece model (truncated or corrupt): " + e.getMessage(), e);
        }
        return model.checked(file);
    }

    private static SentencePieceModel parse(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<Piece> pieces = new ArrayList<>();
        int unknownId = 0;
        byte[] charsmap = new byte[0];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (PIECES << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                    pieces.add(message(in, SentencePieceModel::piece));
                case (TRAINER_SPEC << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                    unknownId = message(in, SentencePieceModel::trainerUnknownId);
                case (NORMALIZER_SPEC << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                    charsmap = message(in, SentencePieceModel::charsmap);
                default -> skip(in, tag);
            }
        }
        return new SentencePieceModel(pieces, unknownId, charsmap);
    }

    private SentencePieceModel checked(Path file) throws ModelLoadException {
        if (pieces.isEmpty()) {
            throw new ModelLoadException(file, "is not a SentencePiece model: it holds no pieces");
        }
        if (unknownId < 0 || unknownId >= pieces.size()) {
            throw new ModelLoadException(
                    file, "trainer_spec.unk_id " + unknownId + " is not one of its " + pieces.size() + " pieces");
        }
        return this;
    }

    @FunctionalInterface
    private interface MessageReader<T> {
        T read(CodedInputStream in) throws IOException;
    }

    /** Reads an embedded message, whose length is checked against the bytes that remain. */
    private static <T> T message(CodedInputStream in, MessageReader<T> reader) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        T value = reader.read(in);
        in.checkLastTagWas(0);
        in.popLimit(limit);
        return value;
    }

    private static Piece piece(CodedInputStream in) throws IOException {
        String piece = null;
        float score = 0f;
        Type type = Type.NORMAL;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (PIECE << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> piece = utf8(in.readBytes());
                case (SCORE << 3) | WireFormat.WIRETYPE_FIXED32 -> score = in.readFloat();
                case (TYPE << 3) | WireFormat.WIRETYPE_VARINT -> type = Type.of(in.readInt32());
                default -> skip(in, tag);
            }
        }
        if (piece == null || piece.isEmpty()) {
            throw new InvalidProtocolBufferException("a piece has no text");
        }
        if (!Float.isFinite(score)) {
            throw new InvalidProtocolBufferException("piece " + piece + " has the score " + score);
        }
        return new Piece(piece, score, type);
    }

    private static int trainerUnknownId(CodedInputStream in) throws IOException {
        int unknownId = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == ((TRAINER_UNK_ID << 3) | WireFormat.WIRETYPE_VARINT)) {
                unknownId = (int) in.readInt64();
            } else {
                skip(in, tag);
            }
        }
        return unknownId;
    }

    private static byte[] charsmap(CodedInputStream in) throws IOException {
        byte[] charsmap = new byte[0];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == ((CHARSMAP << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                charsmap = in.readBytes().toByteArray();
            } else {
                skip(in, tag);
            }
        }
        return charsmap;
    }

    /** Skips a field of wire type 0, 1, 2 or 5; groups (3, 4) and unknown types are not SentencePiece's. */
    private static void skip(CodedInputStream in, int tag) throws IOException {
        int wireType = WireFormat.getTagWireType(tag);
        if (wireType == WireFormat.WIRETYPE_START_GROUP
                || wireType == WireFormat.WIRETYPE_END_GROUP
                || wireType > WireFormat.WIRETYPE_FIXED32) {
            throw new InvalidProtocolBufferException("field " + WireFormat.getTagFieldNumber(tag) + " has wire type "
                    + wireType + ", which a SentencePiece model does not use");
        }
        in.skipField(tag);
    }

    private static String utf8(ByteString bytes) throws InvalidProtocolBufferException {
        if (!bytes.isValidUtf8()) {
            throw new InvalidProtocolBufferException("a piece is not UTF-8");
        }
        return bytes.toStringUtf8();
    }
}
