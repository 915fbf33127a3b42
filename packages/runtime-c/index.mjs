// index.mjs - the package entry: where the header is, and how to build the
// runtime into a directory of your choice (see README.md, "Build" and "Link").
export { build, artifacts, includeDir, libDir, linkLibs, cc } from "./build.mjs";
