import { passphraseStrength } from './passphraseStrength';

export function StrengthMeter({ passphrase }: { passphrase: string }) {
  if (!passphrase) return null;
  const strength = passphraseStrength(passphrase);
  return (
    <div className={`strength strength-${strength.score}`} aria-live="polite">
      <div className="strength-bar" aria-hidden="true">
        {[0, 1, 2, 3].map((segment) => (
          <span key={segment} className={segment <= strength.score ? 'on' : ''} />
        ))}
      </div>
      <span className="strength-text">
        <strong>{strength.label}.</strong> {strength.advice}
      </span>
    </div>
  );
}
