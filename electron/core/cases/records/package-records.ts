import { z } from 'zod';

/**
 * A case imported from a package (core/packages/case-import.ts): its records
 * were replayed from the package's journal, keeping their actors and times,
 * and this record, appended last, says where they came from.
 */
export const PACKAGE_IMPORTED = 'package.imported';

export const packageImportedSchema = z.object({
  /** The case id in the vault the package came from. */
  sourceCaseId: z.string(),
  title: z.string(),
  /** The package's journal chain head and the source case's own journal head (null for a selective export). */
  packageHead: z.string().nullable(),
  caseHead: z.string().nullable(),
  /** SHA-256 of the package file as it was imported. */
  packageSha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  signer: z.object({ fingerprint: z.string(), name: z.string().nullable(), known: z.boolean() }).nullable(),
  records: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  /** Present when the export was selective or redacted: what it kept. */
  selective: z.boolean(),
});
export type PackageImportedData = z.output<typeof packageImportedSchema>;
