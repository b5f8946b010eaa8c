// Lint is part of the build (npm test runs it): typescript-eslint's strict, type-checked rules over every TypeScript
// file the compiler checks, and Prettier's formatting (npm run lint checks both).
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      ".pulumi-cli/",
      ".state/",
      "coverage/",
      "tools/",
      "**/*.js",
      "**/*.mjs",
      // Pulumi programs, each compiled by the CLI with its own settings, as a user's would be.
      "program/",
      "examples/",
      "scripts/bench/program/",
      "test/e2e/program/",
      "test/e2e/packaging/program/",
      "test/e2e/packaging/fixtures/",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: "./tsconfig.lint.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Template literals with numbers and booleans are how messages name ids, counts and flags.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // Pulumi's ResourceProvider methods, the client's fetch and sleep, and their test doubles are async by
      // contract, whether or not a given body awaits.
      "@typescript-eslint/require-await": "off",
      // `TaskEither<KommoFailure, void>` is how a call whose answer has no body is typed.
      "@typescript-eslint/no-invalid-void-type": "off",
      // `return checker.notAChoice(path)` is the emulator's idiom for "record the failure, return nothing".
      "@typescript-eslint/no-confusing-void-expression": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The benchmark reads untyped JSON (the emulator's request log, exported state) and checks its own flags.
    files: ["scripts/bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unnecessary-condition": "off",
      "@typescript-eslint/no-base-to-string": "off",
    },
  },
  {
    // Tests read untyped JSON (fixtures, emulator answers, state files), build test doubles, and check at run time
    // what the types already promise: that is what a test is for.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-class-instance-assignment": "off",
      "@typescript-eslint/no-unsafe-enum-assignment": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unnecessary-condition": "off",
      "@typescript-eslint/no-unnecessary-type-parameters": "off",
      "@typescript-eslint/no-dynamic-delete": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
      "@typescript-eslint/no-confusing-void-expression": "off",
      // Terminal output under test carries ANSI escapes.
      "no-control-regex": "off",
    },
  },
);
