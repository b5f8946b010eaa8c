import type * as dynamic from "@pulumi/pulumi/dynamic";
import { configure as configureSettings } from "./settings";

/** The provider's configure: the whole stack config arrives here, secrets decrypted, inside the provider process. */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  configureSettings((key) => req.config.get(key));
}
