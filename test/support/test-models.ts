// The test models now ship with @toolmask/webllm (its "simulated" entry); re-exported for tests.
export * from "../../packages/webllm/src/simulated/models.js";
