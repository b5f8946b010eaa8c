import { createProvider } from "./provider";

/** This process's provider: the one place its session lives, as Pulumi's host keeps each configured provider. */
const provider = createProvider();

export const { configure, pipeline, status } = provider;
export const resetSession = provider.reset;
