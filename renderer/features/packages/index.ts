export { ExportPackageDialog } from './ExportPackageDialog';
export { ImportPackageDialog } from './ImportPackageDialog';
export { IdentitySection } from './IdentitySection';
