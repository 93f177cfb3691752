// The device list: one button per device, with its kind (by device.key) and masked target.
// Choosing submits the step's device action at once (one click or Enter, no separate "continue").

import { h } from '../dom.js';
import { icon } from './icons.js';
import { deviceName, deviceIcon, deviceDetail, t } from './text.js';

export function deviceList(step, action, ctx) {
  const field = (action.fields || []).find((f) => f.type === 'device') || { key: 'device', options: [] };
  const byId = new Map((step.devices || []).map((d) => [d.id, d]));
  const options = field.options?.length ? field.options : (step.devices || []).map((d) => ({ value: d.id }));
  const items = options.map((option) => {
    const device = byId.get(option.value) || { id: option.value, key: option.key, type: option.type, target: option.description };
    const detail = deviceDetail(device);
    const current = step.selectedDevice?.id === device.id;
    const button = h('button', {
      type: 'button', class: 'pf-device', 'data-device-id': device.id, 'data-device-key': device.key || null,
      'data-device-type': device.type || null,
    },
    icon(deviceIcon(device.key), 'pf-icon pf-device-icon'),
    h('span', { class: 'pf-device-text' },
      h('span', { class: 'pf-device-name' }, deviceName(device.key), current ? h('span', { class: 'pf-badge' }, t('roles.change-device.current')) : null),
      detail ? h('span', { class: 'pf-device-target' }, detail) : null),
    icon('chevron', 'pf-icon pf-icon-sm pf-device-go'));
    button.addEventListener('click', () => {
      if (ctx.busy()) return;
      ctx.submit(action.name, { [field.key]: device.id }, button);
    });
    return h('li', {}, button);
  });
  return h('ul', { class: 'pf-devices', 'aria-label': t('roles.change-device.list') }, items);
}
