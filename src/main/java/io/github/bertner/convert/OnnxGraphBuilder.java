package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Builds an ONNX graph node by node: named initializers from Java arrays or streamed from a checkpoint tensor,
 * nodes with attributes, graph inputs and outputs with symbolic dimensions. Each node's output is named after the
 * node. Initializers are held in the model, or, given an {@link ExternalData} file, written to it as they come.
 */
final class OnnxGraphBuilder {
    /** ONNX's IR version for opset 14. */
    static final long IR_VERSION = 7;

    static final long OPSET = 14;

    /** ONNX's IR version for opsets 15 to 18, which the training graph needs ({@code ScatterND}'s reduction). */
    static final long TRAINING_IR_VERSION = 8;

    /**
     * Initializers smaller than this stay in the model even where the others go to external data, as the onnx
     * library keeps them: ONNX Runtime's shape inference reads small constants (shapes, axes) from the model only.
     */
    static final long EXTERNAL_FROM_BYTES = 1024;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final ExternalData external;

    /** A graph that holds its initializers. */
    OnnxGraphBuilder(String name) {
        this(name, null);
    }

    /** A graph whose initializers go to {@code external} (null: held in the model). */
    OnnxGraphBuilder(String name, ExternalData external) {
        graph.setName(name);
        this.external = external;
    }

    /** Declares a graph input of the given element type and symbolic dimensions. */
    void input(String name, TensorProto.DataType type, String... dimensions) {
        graph.addInput(valueInfo(name, type, dimensions));
    }

    /** A dimension of {@link #input(String, TensorProto.DataType, long...)} that is the batch size. */
    static final long BATCH = -1;
    /** A dimension of {@link #input(String, TensorProto.DataType, long...)} that is the sequence length. */
    static final long SEQUENCE = -2;

    /** Declares a graph input of the given element type and dimensions: fixed, or {@link #BATCH}, {@link #SEQUENCE}. */
    void input(String name, TensorProto.DataType type, long... dimensions) {
        graph.addInput(valueInfo(name, type, shape(dimensions)));
    }

    /** Declares a graph output of fixed dimensions. */
    void output(String name, TensorProto.DataType type, long... dimensions) {
        graph.addOutput(valueInfo(name, type, shape(dimensions)));
    }

    private static TensorShapeProto.Builder shape(long... dimensions) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dimension : dimensions) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (dimension == BATCH) {
                dim.setDimParam("batch_size");
            } else if (dimension == SEQUENCE) {
                dim.setDimParam("sequence_length");
            } else {
                dim.setDimValue(dimension);
            }
            shape.addDim(dim);
        }
        return shape;
    }

    /** Declares a graph output. */
    void output(String name, TensorProto.DataType type, String... dimensions) {
        graph.addOutput(valueInfo(name, type, dimensions));
    }

    /** Adds a float32 initializer. */
    String floats(String name, float[] values, long... dimensions) {
        return initializer(name, TensorProto.DataType.FLOAT, littleEndian(FloatBuffer.wrap(values)), dimensions);
    }

    /** Adds a float32 initializer with a checkpoint tensor's values, read and written a chunk at a time. */
    String floats(String name, CheckpointTensor tensor, long... dimensions) throws IOException {
        long length = tensor.elementCount() * 4;
        if (external == null || length < EXTERNAL_FROM_BYTES) {
            return floats(name, tensor.floats(), dimensions);
        }
        TensorProto.Builder initializer = tensor(name, TensorProto.DataType.FLOAT, dimensions);
        external.add(initializer, length, file -> tensor.streamFloats(chunk -> file.append(littleEndian(chunk))));
        graph.addInitializer(initializer);
        return name;
    }

    /** Adds an int64 initializer. */
    String longs(String name, long[] values, long... dimensions) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(name, TensorProto.DataType.INT64, bytes, dimensions);
    }

    /** Adds an initializer of raw little-endian bytes (from the buffer's position to its limit). */
    String initializer(String name, TensorProto.DataType type, ByteBuffer bytes, long... dimensions) {
        TensorProto.Builder tensor = tensor(name, type, dimensions);
        if (external == null || bytes.remaining() < EXTERNAL_FROM_BYTES) {
            tensor.setRawData(ByteString.copyFrom(bytes));
        } else {
            try {
                external.add(tensor, bytes.remaining(), file -> file.append(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        graph.addInitializer(tensor);
        return name;
    }

    private static ByteBuffer littleEndian(FloatBuffer values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dimensions) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long dimension : dimensions) {
            tensor.addDims(dimension);
        }
        return tensor;
    }

    /** Adds a node in the default domain; its single output is named {@code name}. */
    String node(String op, String name, String[] inputs, AttributeProto... attributes) {
        return node("", op, name, inputs, attributes);
    }

    /**
     * Adds a node in the default domain with several outputs, named {@code name} (the first) and
     * {@code name/OUTPUT} for each further output.
     *
     * @return the outputs' names
     */
    String[] node(String op, String name, String[] inputs, String[] furtherOutputs, AttributeProto... attributes) {
        String[] outputs = new String[1 + furtherOutputs.length];
        outputs[0] = name;
        for (int i = 0; i < furtherOutputs.length; i++) {
            outputs[i + 1] = name + "/" + furtherOutputs[i];
        }
        addNode("", op, name, inputs, outputs, attributes);
        return outputs;
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    /** Adds a node of a domain; its single output is named {@code name}. */
    String node(String domain, String op, String name, String[] inputs, AttributeProto... attributes) {
        addNode(domain, op, name, inputs, new String[] {name}, attributes);
        return name;
    }

    private void addNode(
            String domain, String op, String name, String[] inputs, String[] outputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name);
        if (!domain.isEmpty()) {
            node.setDomain(domain);
        }
        for (String input : inputs) {
            node.addInput(input);
        }
        for (String output : outputs) {
            node.addOutput(output);
        }
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value))
                .build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    /** The graph as built so far: its nodes, inputs and initializers. */
    GraphProto.Builder proto() {
        return graph;
    }

    /** The model around the graph, with the given opset imports ({@code domain, version} pairs after the default). */
    ModelProto model(String producerVersion, String... extraDomains) {
        return model(producerVersion, OPSET, extraDomains);
    }

    /** The model around the graph at another version of the default opset. */
    ModelProto model(String producerVersion, long opset, String... extraDomains) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(opset > OPSET ? TRAINING_IR_VERSION : IR_VERSION)
                .setProducerName("bert-ner")
                .setProducerVersion(producerVersion)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        for (String domain : extraDomains) {
            model.addOpsetImport(
                    OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(1));
        }
        return model.setGraph(graph).build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, String... dimensions) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String dimension : dimensions) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(dimension));
        }
        return valueInfo(name, type, shape);
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, TensorShapeProto.Builder shape) {
        TypeProto.Tensor.Builder tensor =
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }
}
