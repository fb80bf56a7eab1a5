package io.github.bertner.convert;

import static io.github.bertner.convert.OnnxGraphBuilder.intAttribute;
import static io.github.bertner.convert.OnnxGraphBuilder.intsAttribute;
import static io.github.bertner.convert.OnnxGraphBuilder.stringAttribute;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation of a graph, written into the same graph in standard ONNX operators: each forward
 * operator's vector-Jacobian product (docs/training.md, "The engine"), an operand's gradient summed over the
 * axes it was broadcast along, and the gradients of a tensor used several times added. Integer tensors, shapes and
 * masks carry no gradient. An operator on the gradient's path without a rule here is refused by name.
 */
final class Gradients {
    /** Operators whose outputs carry no gradient, whatever their inputs. */
    private static final Set<String> CONSTANT_OUTPUT =
            Set.of("Shape", "Equal", "Greater", "Not", "Range", "CumSum", "OneHot", "Min", "Max", "Abs");

    private static final float INVERSE_SQRT_2_PI = (float) (1 / Math.sqrt(2 * Math.PI));

    private final OnnxGraphBuilder graph;
    private final StaticShapes shapes;
    private final Set<String> carriesGradient = new HashSet<>();
    private final Map<String, List<String>> contributions = new HashMap<>();
    private final Set<String> constants = new HashSet<>();

    private Gradients(OnnxGraphBuilder graph, StaticShapes shapes) {
        this.graph = graph;
        this.shapes = shapes;
    }

    /**
     * Adds the gradient of a scalar function of the graph with respect to each parameter.
     *
     * @param graph the forward graph, its nodes in topological order
     * @param shapes the shapes of the graph's inputs and constants (the nodes' are inferred here)
     * @param parameters the inputs to differentiate with respect to
     * @param output the tensor whose gradient is given
     * @param outputGradient the gradient of the function with respect to {@code output}
     * @return each parameter's gradient tensor, in the parameters' order
     */
    static Map<String, String> append(
            OnnxGraphBuilder graph,
            StaticShapes shapes,
            List<String> parameters,
            String output,
            String outputGradient) {
        Gradients gradients = new Gradients(graph, shapes);
        List<NodeProto> forward = List.copyOf(graph.proto().getNodeList());
        gradients.carriesGradient.addAll(parameters);
        for (NodeProto node : forward) {
            shapes.infer(node);
            gradients.markCarrier(node);
        }
        gradients.contributions.put(output, new ArrayList<>(List.of(outputGradient)));
        for (int i = forward.size() - 1; i >= 0; i--) {
            NodeProto node = forward.get(i);
            String out = node.getOutput(0);
            if (gradients.carriesGradient.contains(out) && gradients.contributions.containsKey(out)) {
                gradients.backward(node, gradients.total(out, "grad" + node.getName() + "/sum"));
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String parameter : parameters) {
            result.put(parameter, gradients.parameterGradient(parameter));
        }
        return result;
    }

    private void markCarrier(NodeProto node) {
        boolean fromParameter = node.getInputList().stream().anyMatch(carriesGradient::contains);
        if (!fromParameter || CONSTANT_OUTPUT.contains(node.getOpType())) {
            return;
        }
        if (node.getOpType().equals("Cast")
                && StaticShapes.intAttribute(node, "to", 0) != TensorProto.DataType.FLOAT_VALUE) {
            return;
        }
        carriesGradient.add(node.getOutput(0));
    }

    private String parameterGradient(String parameter) {
        if (!contributions.containsKey(parameter)) {
            throw new IllegalStateException("the weight " + parameter + " does not reach the differentiated output");
        }
        return total(parameter, "grad/" + parameter + "/sum");
    }

    /** The sum of the gradients that reached a tensor. */
    private String total(String tensor, String name) {
        List<String> parts = contributions.get(tensor);
        return parts.size() == 1 ? parts.get(0) : graph.node("Sum", name, parts.toArray(String[]::new));
    }

    private void accumulate(String tensor, String gradient) {
        if (carriesGradient.contains(tensor)) {
            contributions.computeIfAbsent(tensor, key -> new ArrayList<>()).add(gradient);
        }
    }

    private boolean needs(String tensor) {
        return carriesGradient.contains(tensor);
    }

    private void backward(NodeProto node, String g) {
        String name = "grad" + node.getName();
        String y = node.getOutput(0);
        List<String> in = node.getInputList();
        switch (node.getOpType()) {
            case "Add" -> {
                accumulate(in.get(0), reduceTo(name + "/a", g, y, in.get(0)));
                accumulate(in.get(1), reduceTo(name + "/b", g, y, in.get(1)));
            }
            case "Mul" -> {
                if (needs(in.get(0))) {
                    accumulate(in.get(0), reduceTo(name + "/a", op("Mul", name + "/ga", g, in.get(1)), y, in.get(0)));
                }
                if (needs(in.get(1))) {
                    accumulate(in.get(1), reduceTo(name + "/b", op("Mul", name + "/gb", g, in.get(0)), y, in.get(1)));
                }
            }
            case "Div" -> divide(name, g, y, in.get(0), in.get(1));
            case "Pow" -> power(node, name, g);
            case "Tanh" ->
                accumulate(
                        in.get(0),
                        op(
                                "Mul",
                                name + "/dx",
                                g,
                                op("Sub", name + "/slope", scalar(1f), op("Mul", name + "/sq", y, y))));
            case "Sigmoid" ->
                accumulate(
                        in.get(0),
                        op(
                                "Mul",
                                name + "/dx",
                                g,
                                op("Mul", name + "/slope", y, op("Sub", name + "/rest", scalar(1f), y))));
            case "Relu" ->
                accumulate(
                        in.get(0),
                        op(
                                "Where",
                                name + "/dx",
                                op("Greater", name + "/positive", in.get(0), scalar(0f)),
                                g,
                                scalar(0f)));
            case "MatMul" -> matMul(name, g, in.get(0), in.get(1));
            case "Transpose" ->
                accumulate(
                        in.get(0),
                        graph.node(
                                "Transpose",
                                name + "/dx",
                                new String[] {g},
                                intsAttribute("perm", inverse(StaticShapes.attribute(node, "perm")))));
            case "Reshape" -> accumulate(in.get(0), reshapeLike(name + "/dx", g, in.get(0)));
            case "Softmax" -> softmax(node, name, g, y);
            case "Gather" -> gather(node, name, g);
            case "Where" -> where(node, name, g, y);
            case "LayerNormalization" -> layerNorm(node, name, g);
            case "Gelu" -> gelu(node, name, g);
            default ->
                throw new IllegalStateException(
                        "no gradient for operator " + node.getOpType() + " (node " + node.getName() + ")");
        }
    }

    /**
     * LayerNorm over the last axis, from its saved mean μ and inverse deviation σ⁻¹: with x̂ = (x − μ)·σ⁻¹ and
     * ĝ = g·w, dx = σ⁻¹·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), dw = Σ g·x̂ and db = Σ g over every axis but the last.
     */
    private void layerNorm(NodeProto node, String name, String g) {
        String x = node.getInput(0);
        String weight = node.getInput(1);
        String bias = node.getInput(2);
        int rank = shapes.require(x).length;
        if (StaticShapes.normalized(StaticShapes.intAttribute(node, "axis", -1), rank) != rank - 1) {
            throw new IllegalStateException(
                    "no gradient for a LayerNormalization over other axes than the last (node " + node.getName() + ")");
        }
        String inverse = node.getOutput(2);
        String normalized =
                op("Mul", name + "/normalized", op("Sub", name + "/centered", x, node.getOutput(1)), inverse);
        long[] leading = new long[rank - 1];
        for (int i = 0; i < leading.length; i++) {
            leading[i] = i;
        }
        if (needs(bias)) {
            accumulate(bias, sum(name + "/db", g, leading));
        }
        if (needs(weight)) {
            accumulate(weight, sum(name + "/dw", op("Mul", name + "/g_normalized", g, normalized), leading));
        }
        if (needs(x)) {
            String scaled = op("Mul", name + "/g_scaled", g, weight);
            String mean = lastAxisMean(name + "/mean_g", scaled);
            String projection = lastAxisMean(
                    name + "/mean_g_normalized", op("Mul", name + "/g_scaled_normalized", scaled, normalized));
            String centered = op(
                    "Sub",
                    name + "/g_centered",
                    op("Sub", name + "/g_minus_mean", scaled, mean),
                    op("Mul", name + "/projected", normalized, projection));
            accumulate(x, op("Mul", name + "/dx", centered, inverse));
        }
    }

    /** The exact GELU, x·Φ(x): dx = g·(Φ(x) + x·φ(x)), with Φ(x) = (1 + erf(x/√2))/2 and φ(x) = exp(−x²/2)/√(2π). */
    private void gelu(NodeProto node, String name, String g) {
        String x = node.getInput(0);
        String erf = op("Erf", name + "/erf", op("Mul", name + "/scaled", x, scalar((float) (1 / Math.sqrt(2)))));
        String cdf = op("Mul", name + "/cdf", op("Add", name + "/one_plus", erf, scalar(1f)), scalar(0.5f));
        String gaussian = op(
                "Exp",
                name + "/exp",
                op("Mul", name + "/half_square", op("Mul", name + "/square", x, x), scalar(-0.5f)));
        String density =
                op("Mul", name + "/density", op("Mul", name + "/x_gaussian", x, gaussian), scalar(INVERSE_SQRT_2_PI));
        accumulate(x, op("Mul", name + "/dx", g, op("Add", name + "/slope", cdf, density)));
    }

    private String sum(String name, String x, long[] axes) {
        return graph.node("ReduceSum", name, new String[] {x, longs(axes)}, intAttribute("keepdims", 0));
    }

    private String lastAxisMean(String name, String x) {
        return graph.node("ReduceMean", name, new String[] {x}, intsAttribute("axes", -1));
    }

    /** The chosen branch's elements get the gradient, the other branch's 0; the condition gets none. */
    private void where(NodeProto node, String name, String g, String y) {
        String condition = node.getInput(0);
        String zero = scalar(0f);
        if (needs(node.getInput(1))) {
            String chosen = op("Where", name + "/ga", condition, g, zero);
            accumulate(node.getInput(1), reduceTo(name + "/a", chosen, y, node.getInput(1)));
        }
        if (needs(node.getInput(2))) {
            String chosen = op("Where", name + "/gb", condition, zero, g);
            accumulate(node.getInput(2), reduceTo(name + "/b", chosen, y, node.getInput(2)));
        }
    }

    /** {@code a / b} for a constant divisor (the attention's scale): the dividend gets {@code g / b}. */
    private void divide(String name, String g, String y, String a, String b) {
        if (needs(b)) {
            throw new IllegalStateException(
                    "no gradient for a Div by a computed divisor (node " + name.substring("grad".length()) + ")");
        }
        accumulate(a, reduceTo(name + "/a", op("Div", name + "/ga", g, b), y, a));
    }

    private void power(NodeProto node, String name, String g) {
        String x = node.getInput(0);
        float exponent = shapes.scalar(node.getInput(1))
                .orElseThrow(() -> new IllegalStateException(
                        "no gradient for Pow with a computed exponent (node " + node.getName() + ")"));
        String base = exponent == 2f ? x : op("Pow", name + "/base", x, scalar(exponent - 1));
        accumulate(x, op("Mul", name + "/dx", g, op("Mul", name + "/slope", base, scalar(exponent))));
    }

    private void matMul(String name, String g, String a, String b) {
        long[] aShape = shapes.require(a);
        long[] bShape = shapes.require(b);
        if (bShape.length == 2 && aShape.length >= 2) {
            long k = bShape[0];
            long n = bShape[1];
            if (needs(a)) {
                accumulate(a, op("MatMul", name + "/ga", g, transpose(name + "/b_t", b, 1, 0)));
            }
            if (needs(b)) {
                String rows = reshape(name + "/a_rows", a, -1, k);
                String gradients = reshape(name + "/g_rows", g, -1, n);
                accumulate(b, op("MatMul", name + "/gb", transpose(name + "/a_rows_t", rows, 1, 0), gradients));
            }
            return;
        }
        if (aShape.length != bShape.length || aShape.length < 3) {
            throw new IllegalStateException("no gradient for a MatMul of ranks " + aShape.length + " and "
                    + bShape.length + " (node " + name.substring("grad".length()) + ")");
        }
        long[] swap = swapLastTwo(aShape.length);
        if (needs(a)) {
            accumulate(a, op("MatMul", name + "/ga", g, transpose(name + "/b_t", b, swap)));
        }
        if (needs(b)) {
            accumulate(b, op("MatMul", name + "/gb", transpose(name + "/a_t", a, swap), g));
        }
    }

    private void softmax(NodeProto node, String name, String g, String y) {
        long axis = StaticShapes.intAttribute(node, "axis", -1);
        int rank = shapes.require(y).length;
        if (StaticShapes.normalized(axis, rank) != rank - 1) {
            throw new IllegalStateException(
                    "no gradient for a Softmax over another axis than the last (node " + node.getName() + ")");
        }
        String dot = graph.node(
                "ReduceSum",
                name + "/dot",
                new String[] {op("Mul", name + "/gy", g, y), longs(-1)},
                intAttribute("keepdims", 1));
        accumulate(node.getInput(0), op("Mul", name + "/dx", y, op("Sub", name + "/centered", g, dot)));
    }

    /** The rows of a table's gradient added at the ids that picked them, repeated ids adding up. */
    private void gather(NodeProto node, String name, String g) {
        String table = node.getInput(0);
        if (StaticShapes.intAttribute(node, "axis", 0) != 0) {
            throw new IllegalStateException(
                    "no gradient for a Gather along another axis than 0 (node " + node.getName() + ")");
        }
        String zeros = op("Expand", name + "/zeros", scalar(0f), op("Shape", name + "/table_shape", table));
        String positions = graph.node("Unsqueeze", name + "/positions", new String[] {node.getInput(1), longs(-1)});
        accumulate(
                table,
                graph.node(
                        "ScatterND",
                        name + "/dx",
                        new String[] {zeros, positions, g},
                        stringAttribute("reduction", "add")));
    }

    /**
     * The gradient {@code g} of a broadcasting operator's output {@code y}, summed over the axes along which the
     * operand {@code x} was broadcast, and shaped as {@code x}.
     */
    private String reduceTo(String name, String g, String y, String x) {
        long[] yShape = shapes.require(y);
        long[] xShape = shapes.require(x);
        int added = yShape.length - xShape.length;
        List<Long> axes = new ArrayList<>();
        for (int i = 0; i < yShape.length; i++) {
            long from = i < added ? 1 : xShape[i - added];
            if (i < added || (from == 1 && yShape[i] != 1)) {
                axes.add((long) i);
            } else if (from == StaticShapes.UNKNOWN && yShape[i] != StaticShapes.UNKNOWN) {
                throw new IllegalStateException("cannot tell whether " + x + " was broadcast along axis " + i);
            }
        }
        if (axes.isEmpty()) {
            return g;
        }
        String summed = graph.node(
                "ReduceSum",
                name + "/reduced",
                new String[] {g, longs(axes.stream().mapToLong(Long::longValue).toArray())},
                intAttribute("keepdims", 1));
        return added == 0 ? summed : reshapeLike(name + "/reshaped", summed, x);
    }

    private String reshapeLike(String name, String g, String like) {
        return op("Reshape", name, g, op("Shape", name + "/shape", like));
    }

    private String reshape(String name, String x, long... shape) {
        return op("Reshape", name, x, longs(shape));
    }

    private String transpose(String name, String x, long... permutation) {
        return graph.node("Transpose", name, new String[] {x}, intsAttribute("perm", permutation));
    }

    private static long[] swapLastTwo(int rank) {
        long[] permutation = new long[rank];
        for (int i = 0; i < rank; i++) {
            permutation[i] = i;
        }
        permutation[rank - 2] = rank - 1;
        permutation[rank - 1] = rank - 2;
        return permutation;
    }

    private static long[] inverse(long[] permutation) {
        long[] inverse = new long[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            inverse[(int) permutation[i]] = i;
        }
        return inverse;
    }

    private String op(String type, String name, String... inputs) {
        return graph.node(type, name, inputs);
    }

    /** A float32 scalar, added once per value. */
    private String scalar(float value) {
        String name = "grad/constant/" + Float.floatToIntBits(value);
        if (constants.add(name)) {
            graph.floats(name, new float[] {value});
        }
        return name;
    }

    /** A 1-D int64 constant, added once per value. */
    private String longs(long... values) {
        StringBuilder key = new StringBuilder("grad/constant/longs");
        for (long value : values) {
            key.append('_').append(value);
        }
        String name = key.toString();
        if (constants.add(name)) {
            graph.longs(name, values, values.length);
        }
        return name;
    }
}
