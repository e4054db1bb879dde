// One linter for the repo: typescript-eslint's recommended rules, run by `npm run lint` and by CI.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".schemastack/", "bench/raw/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Layers (../shared/DESIGN.md): core is pure (no Pulumi, no CLI, no local environment, nothing
  // above it); components and providers only translate and never reach into the CLI or localenv.
  // Paths and runners are passed in instead (e.g. core/branch's ClusterRunner).
  {
    files: ["core/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@pulumi/*"],
              message: "core/ is pure: Pulumi belongs in components/ and dynamic-providers/.",
            },
            {
              group: ["**/cli", "**/cli/**", "**/localenv", "**/localenv/**"],
              message: "core/ must not import the CLI or the local environment: pass paths and runners in.",
            },
            {
              group: [
                "**/dynamic-providers",
                "**/dynamic-providers/**",
                "**/components",
                "**/components/**",
                "**/automation",
                "**/automation/**",
              ],
              message: "core/ is the bottom layer: it imports nothing above it.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.ts", "dynamic-providers/**/*.ts", "automation/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/cli", "**/cli/**", "**/localenv", "**/localenv/**"],
              message:
                "library layers must not import the CLI or the local environment: take what they need as arguments.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
  },
);
