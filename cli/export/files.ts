import type { AccountAddress } from "../../provider/client";
import type { LiveAccount } from "../account";
import { packageInfo } from "../../provider/packageInfo";
import { renderProgram, type ProgramSummary } from "./program";
import { renderPythonProgram } from "./python";

export interface ProjectOptions {
  /** Pulumi project name, also the npm package name. */
  project: string;
  stack: string;
  /** How the program's package.json asks for pulumi-kommo; by default this package's own version. */
  packageSpec?: string;
  /** The address as the user gave it: a subdomain stays a subdomain in the stack's config. */
  address: AccountAddress;
  /** The program's language: TypeScript on the dynamic face (the default), or Python on the plugin face. */
  language?: "typescript" | "python";
}

/** The PyPI SDK of Pulumi that the generated Python SDK asks for (its pyproject's range). */
export const PYTHON_PULUMI_REQUIREMENT = "pulumi>=3.269.0,<4.0.0";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
// A JSON string is a valid YAML double-quoted scalar, so names and URLs need no YAML escaping of their own.
const yamlString = JSON.stringify;

/** Every file of the exported project, by file name. The access token is in none of them. */
export function renderProject(
  account: LiveAccount,
  options: ProjectOptions,
): { files: Record<string, string>; summary: ProgramSummary } {
  if (options.language === "python") return renderPythonProject(account, options);
  const own = packageInfo();
  const { text, summary } = renderProgram(account);
  const [addressKey, addressValue] =
    "subdomain" in options.address
      ? ["kommo:subdomain", options.address.subdomain]
      : ["kommo:baseUrl", options.address.baseUrl];
  const files: Record<string, string> = {
    "index.ts": text,
    "Pulumi.yaml": [
      `name: ${options.project}`,
      `description: ${yamlString(`Kommo pipelines and statuses of ${account.baseUrl}, exported by kommo-iac`)}`,
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      "",
    ].join("\n"),
    [`Pulumi.${options.stack}.yaml`]: ["config:", `  ${addressKey}: ${yamlString(addressValue)}`, ""].join("\n"),
    "package.json": json({
      name: options.project,
      private: true,
      main: "index.ts",
      dependencies: {
        // pulumi-kommo takes @pulumi/pulumi as a peer, so this is the program's one copy: the release that this
        // version of pulumi-kommo is built and tested with.
        "@pulumi/pulumi": own.devDependencies["@pulumi/pulumi"],
        // The exact version the program was exported by, whose resources wrote it: a later `npm install` gets the
        // same code until the user upgrades on purpose.
        "pulumi-kommo": options.packageSpec ?? own.version,
      },
      devDependencies: {
        "@types/node": own.devDependencies["@types/node"],
        typescript: own.devDependencies.typescript,
      },
    }),
    "tsconfig.json": json({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        esModuleInterop: true,
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["index.ts"],
    }),
    ".gitignore": "/node_modules/\n",
    "README.md": readme(account, options, summary, addressKey),
  };
  return { files, summary };
}

function readme(account: LiveAccount, options: ProjectOptions, summary: ProgramSummary, addressKey: string): string {
  const notes = [
    summary.unmanagedColors
      ? `- ${summary.unmanagedColors} stage(s) have a color outside the 21 a stage takes; \`index.ts\` leaves their color to Kommo (see the comments there).`
      : "",
    summary.droppedDescriptions
      ? `- ${summary.droppedDescriptions} description(s) have a level a stage does not take and are not declared; the comments in \`index.ts\` say which the first \`pulumi up\` removes.`
      : "",
  ].filter(Boolean);
  return `# ${options.project}

The lead pipelines and statuses of the Kommo account at ${account.baseUrl}, as \`kommo-iac export\` found them:
${summary.pipelines} pipeline(s) and ${summary.statuses} status(es), declared in \`index.ts\` with their live values: one
\`kommo.Pipeline\` per pipeline, its stages listed in \`statuses\` in Kommo's order. Each pipeline has
\`adopt: { id }\`, so the first \`pulumi up\` takes the existing pipelines and stages under management instead of
creating new ones. The account address is already in \`Pulumi.${options.stack}.yaml\` (\`${addressKey}\`); the access
token is not written anywhere.

## Deploy

\`\`\`sh
${commands(options.stack)}
\`\`\`

Instead of the secret config, the provider also reads the \`KOMMO_ACCESS_TOKEN\` environment variable.
After \`pulumi up\`, \`pulumi preview\` shows no changes. From then on \`index.ts\` is the source of truth: add,
remove, rename or reorder stages there, or change a color or a description, and run \`pulumi up\`; see it live with
\`kommo-iac show\`.
${notes.length ? `\n## Notes\n\n${notes.join("\n")}\n` : ""}`;
}

/** The deploy steps, with their comments lined up. */
function commands(stack: string): string {
  const steps: Array<[string, string]> = [
    ["npm install", ""],
    [`pulumi stack init ${stack}`, `or \`pulumi stack select ${stack}\``],
    ["pulumi config set --secret kommo:accessToken <long-lived token>", ""],
    ["pulumi preview", "every pipeline to adopt, nothing else"],
    ["pulumi up", ""],
  ];
  const width = Math.max(...steps.map(([command]) => command.length)) + 2;
  return steps.map(([command, note]) => (note ? `${command.padEnd(width)}# ${note}` : command)).join("\n");
}

/**
 * The Python project: __main__.py on the plugin face, and a package.json whose only use is to install pulumi-kommo,
 * whose bin/ holds the plugin that Pulumi.yaml points the engine at.
 */
function renderPythonProject(
  account: LiveAccount,
  options: ProjectOptions,
): { files: Record<string, string>; summary: ProgramSummary } {
  const own = packageInfo();
  const { text, summary } = renderPythonProgram(account);
  const [addressKey, addressValue] =
    "subdomain" in options.address
      ? ["kommo:subdomain", options.address.subdomain]
      : ["kommo:baseUrl", options.address.baseUrl];
  const files: Record<string, string> = {
    "__main__.py": text,
    "Pulumi.yaml": [
      `name: ${options.project}`,
      `description: ${yamlString(`Kommo pipelines and statuses of ${account.baseUrl}, exported by kommo-iac`)}`,
      "runtime:",
      "  name: python",
      "  options:",
      "    virtualenv: venv",
      "plugins:",
      "  providers:",
      "    - name: kommo",
      "      path: ./node_modules/pulumi-kommo/bin",
      "",
    ].join("\n"),
    [`Pulumi.${options.stack}.yaml`]: ["config:", `  ${addressKey}: ${yamlString(addressValue)}`, ""].join("\n"),
    "requirements.txt": [
      "# Pulumi's Python SDK. The pulumi_kommo SDK is not on PyPI: `bash scripts/gen-sdks.sh python` in a",
      "# pulumi-kommo checkout writes it to .sdk/python; install it with `venv/bin/pip install <that path>`.",
      PYTHON_PULUMI_REQUIREMENT,
      "",
    ].join("\n"),
    "package.json": json({
      name: options.project,
      private: true,
      description: "Installs the pulumi-resource-kommo plugin (node_modules/pulumi-kommo/bin) for the Python program",
      dependencies: {
        "@pulumi/pulumi": own.devDependencies["@pulumi/pulumi"],
        "pulumi-kommo": options.packageSpec ?? own.version,
      },
    }),
    ".gitignore": "/node_modules/\n/venv/\n",
    "README.md": pythonReadme(account, options, summary, addressKey),
  };
  return { files, summary };
}

function pythonReadme(account: LiveAccount, options: ProjectOptions, summary: ProgramSummary, addressKey: string) {
  return `# ${options.project}

The lead pipelines and statuses of the Kommo account at ${account.baseUrl}, as \`kommo-iac export --language python\`
found them: ${summary.pipelines} pipeline(s) and ${summary.statuses} status(es), declared in \`__main__.py\` with their
live values on pulumi-kommo's plugin face. Each pipeline has \`adopt=kommo.AdoptArgs(id=...)\`, so the first
\`pulumi up\` takes the existing pipelines and stages under management instead of creating new ones. The account
address is in \`Pulumi.${options.stack}.yaml\` (\`${addressKey}\`); the access token is not written anywhere.

## Deploy

\`\`\`sh
npm install                                     # the plugin, which runs on Node.js
python3 -m venv venv
venv/bin/pip install -r requirements.txt <path to pulumi-kommo's .sdk/python>
pulumi stack init ${options.stack}
pulumi config set --secret kommo:accessToken <long-lived token>
pulumi preview                                  # every pipeline to adopt, nothing else
pulumi up
\`\`\`
`;
}
