// Property tests draw a new seed every run. To replay a failure (or a run that hung), set
// TOOLMASK_FC_SEED to the seed fast-check printed, or to any integer to pin every property.
import fc from "fast-check";

const seed = process.env.TOOLMASK_FC_SEED;
if (seed !== undefined && seed !== "") {
  const value = Number(seed);
  if (!Number.isInteger(value)) throw new Error(`TOOLMASK_FC_SEED must be an integer, got ${JSON.stringify(seed)}`);
  fc.configureGlobal({ seed: value });
}
