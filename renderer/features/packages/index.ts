export { ExportPackageDialog } from './ExportPackageDialog';
export { ImportPackageDialog } from './ImportPackageDialog';
export { IdentitySection } from './IdentitySection';
export { IdentityDialog } from './IdentityDialog';
export { BackupDialog } from './BackupDialog';
export { RestoreDialog } from './RestoreDialog';
