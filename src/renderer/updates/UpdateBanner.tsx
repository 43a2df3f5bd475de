import { useState } from 'react';
import { useAppStore } from '../store';

/**
 * A downloaded update, offered once the librarian holds no chat: restart now (after a second
 * click to confirm) or let it install at the next quit. While a chat is held it only says it waits.
 */
export function UpdateBanner() {
  const update = useAppStore((s) => s.update);
  const [confirming, setConfirming] = useState(false);
  if (!update || (update.state !== 'ready' && update.state !== 'installing')) return null;
  if (update.state === 'installing') {
    return (
      <div className="update-banner" role="status" data-testid="update-banner">
        Installing Deskbell {update.version}: it restarts in a moment.
      </div>
    );
  }
  if (update.held) {
    return (
      <div className="update-banner held" role="status" data-testid="update-banner" data-held="true">
        Deskbell {update.version} is ready. It waits until you have no chat open, or installs when you quit.
      </div>
    );
  }
  const install = () => {
    if (!confirming) return setConfirming(true);
    setConfirming(false);
    void useAppStore.getState().call('updates.install', {});
  };
  return (
    <div className="update-banner" role="status" data-testid="update-banner" data-held="false">
      Deskbell {update.version} is ready to install.{' '}
      {update.error && (
        <span className="hint" data-testid="update-error">
          Last try: {update.error}. If installing needs an administrator here, tell your IT department.{' '}
        </span>
      )}
      <button type="button" className={confirming ? 'danger' : ''} data-testid="install-update" onClick={install} onBlur={() => setConfirming(false)}>
        {confirming ? 'Restart now?' : 'Restart and update'}
      </button>{' '}
      <span className="hint">Or it installs when you next quit.</span>
    </div>
  );
}
