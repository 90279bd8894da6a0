/**
 * toolmask: makes local LLMs call tools correctly. This package re-exports every toolmask
 * package, so applications depend on one name.
 */
export * from "@toolmask/grammar";
export * from "@toolmask/schema";
export * from "@toolmask/engine";
export * from "@toolmask/formats";
export * from "@toolmask/webllm";
