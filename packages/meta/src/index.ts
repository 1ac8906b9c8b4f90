// @rimjs/meta: this file is the package's only public door.
export {};
