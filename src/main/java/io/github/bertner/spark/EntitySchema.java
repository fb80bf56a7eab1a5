package io.github.bertner.spark;

import io.github.bertner.Entity;
import io.github.bertner.TokenSpan;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark type of the entities column, and the conversion of tagger results into its rows.
 *
 * <ul>
 *   <li>{@link InputMode#RAW}: {@code array<struct<label:string, start:int, end:int, score:double,
 *       text:string>>}; {@code start}/{@code end} are UTF-16 offsets into the text, end exclusive (the
 *       fields and order of the CLI's {@code tag} output).
 *   <li>{@link InputMode#TOKENS}: {@code array<struct<label:string, token_start:int, token_end:int,
 *       score:double, text:string>>}; token indices, end exclusive; {@code text} is the covered tokens
 *       joined by single spaces.
 * </ul>
 */
public final class EntitySchema {
    private static final StructType RAW_ENTITY = new StructType(new StructField[] {
        field("label", DataTypes.StringType),
        field("start", DataTypes.IntegerType),
        field("end", DataTypes.IntegerType),
        field("score", DataTypes.DoubleType),
        field("text", DataTypes.StringType)
    });
    private static final StructType TOKEN_ENTITY = new StructType(new StructField[] {
        field("label", DataTypes.StringType),
        field("token_start", DataTypes.IntegerType),
        field("token_end", DataTypes.IntegerType),
        field("score", DataTypes.DoubleType),
        field("text", DataTypes.StringType)
    });

    private EntitySchema() {}

    /**
     * The type of the entities column for a mode.
     *
     * @param mode the input mode
     * @return an array of entity structs, never containing null
     */
    public static ArrayType entitiesType(InputMode mode) {
        return DataTypes.createArrayType(mode == InputMode.RAW ? RAW_ENTITY : TOKEN_ENTITY, false);
    }

    static Row row(Entity entity) {
        return RowFactory.create(entity.label(), entity.start(), entity.end(), entity.score(), entity.text());
    }

    static Row row(TokenSpan span, String[] tokens) {
        String text = String.join(" ", Arrays.asList(tokens).subList(span.start(), span.end()));
        return RowFactory.create(span.label(), span.start(), span.end(), span.score(), text);
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, false);
    }
}
