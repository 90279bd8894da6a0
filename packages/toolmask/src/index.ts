/**
 * toolmask: makes local LLMs call tools correctly. This package re-exports every toolmask
 * package, so applications depend on one name.
 */
export * from "@toolmask/grammar";
