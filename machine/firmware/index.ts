// The firmware's data formats and boot sequence, for boards and tools.
// See README.md in this folder for the formats and the RAM layout.
export * from "./boards";
export * from "./boot";
export * from "./cpio";
export * from "./fdt";
export * from "./fdt-read";
export * from "./firmware";
export * from "./image";
export * from "./keys";
export * from "./layout";
export * from "./multiboot2";
export * from "./multiboot2-parse";
export * from "./secure-boot";
export * from "./virt-dt";
export { FormatError } from "./bytes";
