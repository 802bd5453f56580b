package dev.jgrad.bench.report;

import java.util.Map;

/**
 * One measured configuration, whichever tool measured it.
 *
 * @param suite  what was measured: matmul, elementwise, reduction, net, chain, baseline
 * @param method the benchmark method (matmul, run, inference, forward, forwardBackward, trainingStep, ...)
 * @param impl   who computed it: jgrad-cpu, jgrad-cuda, djl-pytorch, numpy, java-array
 * @param params the JMH parameters (dtype, shape, op, elements, reduction, matrix, kernel)
 * @param micros time per operation in microseconds of the fastest iteration (JMH) or batch (numpy)
 * @param meanMicros JMH's mean over all iterations (numpy: the median batch), for reference
 */
public record Result(String suite, String method, String impl, Map<String, String> params, double micros,
        double meanMicros) {

    public String param(String name) {
        String v = params.get(name);
        return v == null ? "" : v;
    }

    public double seconds() {
        return micros * 1e-6;
    }
}
