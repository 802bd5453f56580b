# Regenerates jmh-fixture.json and numpy-fixture.json (run from bench/src/test); the expected
# values in ReportTest are computed by hand from these scores.
import json
def run(bench, params, score, unit="us/op", err=0.5, raw=None):
    conf = [score - err, score + err] if isinstance(err, float) else ["NaN", "NaN"]
    return {"jmhVersion":"1.37","benchmark":bench,"mode":"avgt","threads":1,"forks":1,
            "jvm":"/usr/lib/jvm/java-17/bin/java","jvmArgs":["-Xss1m"],"jdkVersion":"17.0.15",
            "vmName":"OpenJDK 64-Bit Server VM","vmVersion":"17.0.15+6",
            "warmupIterations":2,"warmupTime":"200 ms","warmupBatchSize":1,
            "measurementIterations":3,"measurementTime":"300 ms","measurementBatchSize":1,
            "params":params,
            "primaryMetric":{"score":score,"scoreError":err,"scoreConfidence":conf,
                             "scorePercentiles":{"0.0":score},"scoreUnit":unit,"rawData":[raw or [score,score,score]]},
            "secondaryMetrics":{}}
P="dev.jgrad.bench.jmh."; D="dev.jgrad.bench.peers."
runs=[
 run(P+"MatmulBench.matmul",{"backend":"cpu","dtype":"F32","shape":"256"},1000.0),
 run(P+"MatmulBench.matmul",{"backend":"cpu","dtype":"F64","shape":"256"},2.0,"ms/op"),
 run(P+"MatmulBench.matmul",{"backend":"cpu","dtype":"F32","shape":"64x1000x100"},128.0),
 run(D+"DjlMatmulBench.matmul",{"dtype":"F32","torchThreads":"cores","shape":"256"},500.0),
 run(D+"DjlMatmulBench.matmul",{"dtype":"F32","torchThreads":"1","shape":"256"},400.0),
 run(P+"TwoLayerNetBench.inference",{"backend":"cpu","dtype":"F32"},80.0),
 run(P+"TwoLayerNetBench.forward",{"backend":"cpu","dtype":"F32"},100.0),
 run(P+"TwoLayerNetBench.forwardBackward",{"backend":"cpu","dtype":"F32"},310.0),
 # the report takes the fastest iteration (400), not the mean (450)
 run(P+"TwoLayerNetBench.trainingStep",{"backend":"cpu","dtype":"F32"},450.0,raw=[500.0,400.0,450.0]),
 run(D+"DjlTwoLayerNetBench.trainingStep",{"dtype":"F32"},500.0),
 run(D+"DjlTwoLayerNetBench.trainingStep",{"dtype":"F32","torchThreads":"1"},440.0),
 run(D+"DjlTwoLayerNetBench.forward",{"dtype":"F32"},120.0),
 run(D+"DjlTwoLayerNetBench.forwardBackward",{"dtype":"F32"},360.0),
 run(P+"ElementwiseBench.run",{"backend":"cpu","dtype":"F32","op":"add","elements":"16777216"},20000.0),
 run(P+"ElementwiseBench.run",{"backend":"cpu","dtype":"F32","op":"add","elements":"65536"},40.0,"us/op","NaN"),
 run(D+"DjlElementwiseBench.run",{"dtype":"F32","op":"add","elements":"16777216"},25000.0),
 run(P+"JavaBaselineBench.run",{"kernel":"copy","elements":"16777216"},8000.0),
 run(P+"ReductionBench.run",{"backend":"cpu","dtype":"F32","reduction":"sumAll","matrix":"1024x1024"},100.0),
 run(P+"AutogradChainBench.forwardNoGrad",{"backend":"cpu","dtype":"F32"},1000.0),
 run(P+"AutogradChainBench.forward",{"backend":"cpu","dtype":"F32"},2000.0),
 run(P+"AutogradChainBench.forwardBackward",{"backend":"cpu","dtype":"F32"},5000.0),
]
json.dump(runs, open("resources/report/jmh-fixture.json","w"), indent=2)
json.dump({"peer":"numpy","numpy":"2.4.6","blas":"scipy-openblas 0.3.31","python":"3.11.7","results":[
  {"dtype":"F32","shape":"256","seconds":0.0005,"gflops":67.108864},
  {"dtype":"F64","shape":"256","seconds":0.001,"gflops":33.554432}]}, open("resources/report/numpy-fixture.json","w"), indent=1)
json.dump({"peer":"numpy","numpy":"2.4.6","blas":"scipy-openblas 0.3.31","python":"3.11.7","threads":"1","results":[
  {"dtype":"F32","shape":"256","seconds":0.0004,"gflops":83.886080}]}, open("resources/report/numpy-1t-fixture.json","w"), indent=1)
