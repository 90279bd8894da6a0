// The fake WebLLM engine now ships with @toolmask/webllm (its "simulated" entry), so examples and
// the demo can use it too; tests import it from here as before.
export * from "../../packages/webllm/src/simulated/fake-engine.js";
