const AUTH = `\
  --base-url URL        the account's base URL (any host: Kommo, amoCRM, a proxy, the emulator)
  --subdomain NAME      the account at https://NAME.kommo.com
  --token TOKEN         a long-lived access token; prefer KOMMO_ACCESS_TOKEN, since a flag shows in the process list
  --verbose             show progress on stderr even when it is not a terminal
  -h, --help            show this help

Without flags, the account comes from KOMMO_BASE_URL or KOMMO_SUBDOMAIN and the token from KOMMO_ACCESS_TOKEN,
the variables the provider reads; KOMMO_RATE_LIMIT (requests per second, default 7) is honoured too.
Exit status: 0 done, 1 Kommo or the file system failed, 2 bad usage.
`;

export const MAIN_USAGE = `\
Usage: kommo-iac <command> [options]

Commands:
  export    write a Pulumi TypeScript program that adopts every pipeline and status of a Kommo account
  show      print a Kommo account as a board (pipelines as columns, statuses with ids), or as JSON

Run \`kommo-iac <command> --help\` for a command's options. \`kommo-iac --version\` prints the version.
`;

export const EXPORT_USAGE = `\
Usage: kommo-iac export --out DIR [--language typescript|python] [--stack NAME] [--project NAME]
                        [--package-spec SPEC] [--force]
                        [--base-url URL | --subdomain NAME] [--token TOKEN] [--verbose]

Reads the account (one request for the pipelines, then one per pipeline for its statuses) and writes into DIR a
Pulumi TypeScript program declaring every pipeline with its live values and its stages as an ordered list, each
pipeline adopting its Kommo pipeline by id: index.ts, Pulumi.yaml, Pulumi.<stack>.yaml (the account address;
never the token), package.json, tsconfig.json, .gitignore and README.md. With --language python, the program is
__main__.py on the plugin face's Python SDK, beside Pulumi.yaml (which points the engine at the plugin),
requirements.txt and a package.json that installs the plugin.

Options:
  --out DIR             where to write; created if missing
  --language LANG       typescript (default) or python
  --stack NAME          the stack whose config file is written (default: dev)
  --project NAME        the Pulumi project and npm package name (default: from DIR's name)
  --package-spec SPEC   how package.json asks for pulumi-kommo, e.g. file:../pulumi-kommo-0.1.0.tgz
                        (default: ^ this kommo-iac's version)
  --force               overwrite those files when DIR already has them
${AUTH}`;

export const SHOW_USAGE = `\
Usage: kommo-iac show [--json] [--base-url URL | --subdomain NAME] [--token TOKEN] [--verbose]

Prints the account's pipelines as columns side by side, each with its statuses in order, every one with its id.
On a terminal each status is painted in its Kommo color (NO_COLOR=1 turns that off, FORCE_COLOR=1 forces it);
elsewhere the color is written as #rrggbb.

Options:
  --json                print a JSON document instead, for scripts:
                        {"pipelines":[{"id","name","sort","isMain","isUnsortedOn",
                          "statuses":[{"id","name","sort","color","type","descriptions":[{"level","description"}]}]}]}
                        pipelines and statuses in sort order; type is 1 for incoming leads, else 0
${AUTH}`;
