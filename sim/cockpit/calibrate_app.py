"""`slab calibrate`'s window: the calibration wizard with live channel bars, in pygame.

Everything it knows comes from pygame events (`pygame.event.get()`), so it runs
headless (SDL_VIDEODRIVER=dummy) with events posted by a test and a
`DeviceManager` that opens fake joysticks. Keys: Enter next, Backspace start
over, Esc cancel, 1 / 2 stick mode, R P Y T invert a channel, Up / Down
deadband. A button on the pad also means "next", except at the arm step
where it is the arm button. Unplugging the device pauses the wizard until the
same device (GUID + name) comes back.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pygame

from sim.cockpit.devices import ChangeKind, DeviceManager, InputDevice
from sim.cockpit.profile import PilotProfile, save_profile
from sim.cockpit.wizard import CalibrationWizard, WizardAction, WizardStep

KEY_ACTIONS = {
    pygame.K_RETURN: WizardAction.NEXT, pygame.K_KP_ENTER: WizardAction.NEXT,
    pygame.K_BACKSPACE: WizardAction.RESTART, pygame.K_ESCAPE: WizardAction.CANCEL,
    pygame.K_1: WizardAction.MODE_1, pygame.K_2: WizardAction.MODE_2,
    pygame.K_r: WizardAction.INVERT_ROLL, pygame.K_p: WizardAction.INVERT_PITCH,
    pygame.K_y: WizardAction.INVERT_YAW, pygame.K_t: WizardAction.INVERT_THROTTLE,
    pygame.K_UP: WizardAction.DEADBAND_UP, pygame.K_DOWN: WizardAction.DEADBAND_DOWN,
}
_BACKGROUND, _TEXT, _WARN, _BAR, _FRAME = (18, 22, 28), (230, 230, 230), (255, 170, 60), (80, 180, 255), (90, 90, 90)


class Outcome(str, Enum):
    SAVED = "saved"
    CANCELLED = "cancelled"
    FRAME_LIMIT = "frame_limit"  # tests: the scripted events did not finish the wizard


class CalibrationApp:
    def __init__(self, profile: PilotProfile, profile_file: Path, device_index: int | None = None,
                 manager: DeviceManager | None = None, size: tuple[int, int] = (640, 480)) -> None:
        self.profile, self.profile_file = profile, profile_file
        self.device_index = device_index
        self.manager = manager or DeviceManager()
        self.size = size
        self.device: InputDevice | None = None
        self.wizard: CalibrationWizard | None = None
        self.saved_path: Path | None = None
        self.cancelled = False

    # --- events ---------------------------------------------------------
    def _use(self, device: InputDevice) -> None:
        if self.wizard is None:
            if self.device_index is not None and device.device_index != self.device_index:
                return
            self.wizard = CalibrationWizard(device.guid, device.name, device.kind, device.axes)
        elif (device.guid, device.name) != (self.wizard.guid, self.wizard.name):
            return  # a different device while paused: keep waiting for ours
        self.device = device

    def handle(self, event: pygame.event.Event) -> None:
        change = self.manager.handle(event)
        if change is not None:
            if change.kind is ChangeKind.REMOVED and change.device is self.device:
                self.device = None
            elif change.kind is ChangeKind.ADDED and self.device is None:
                self._use(change.device)
            return
        if event.type == pygame.QUIT:
            self._act(WizardAction.CANCEL)
        elif event.type == pygame.KEYDOWN and event.key in KEY_ACTIONS:
            self._act(KEY_ACTIONS[event.key])
        elif not self._from_our_device(event):
            return
        elif event.type == pygame.JOYAXISMOTION:
            self.wizard.axis(event.axis, event.value)
        elif event.type == pygame.JOYBUTTONDOWN:
            if self.wizard.step is WizardStep.ARM:
                self.wizard.button(event.button)
            else:
                self.wizard.action(WizardAction.NEXT)

    def _from_our_device(self, event: pygame.event.Event) -> bool:
        return (self.device is not None and self.wizard is not None
                and getattr(event, "instance_id", None) == self.device.instance_id)

    def _act(self, action: WizardAction) -> None:
        if action is WizardAction.CANCEL:  # also before any device is there
            self.cancelled = True
        if self.wizard is not None:
            self.wizard.action(action)

    # --- drawing --------------------------------------------------------
    def _text(self, surface: pygame.Surface, font: pygame.font.Font, text: str, y: int, colour=_TEXT) -> int:
        words, line = text.split(), ""
        for word in words:  # wrap to the window width
            if font.size(f"{line} {word}".strip())[0] > self.size[0] - 40 and line:
                surface.blit(font.render(line, True, colour), (20, y))
                y, line = y + font.get_linesize(), word
            else:
                line = f"{line} {word}".strip()
        if line:
            surface.blit(font.render(line, True, colour), (20, y))
            y += font.get_linesize()
        return y

    def _bar(self, surface: pygame.Surface, font: pygame.font.Font, label: str, value: float, y: int) -> None:
        left, width = 150, self.size[0] - 190
        surface.blit(font.render(label, True, _TEXT), (20, y))
        pygame.draw.rect(surface, _FRAME, (left, y, width, 14), 1)
        middle = left + width // 2
        end = middle + int(max(-1.0, min(1.0, value)) * (width // 2))
        pygame.draw.rect(surface, _BAR, (min(middle, end), y + 2, max(2, abs(end - middle)), 10))

    def draw(self, surface: pygame.Surface, font: pygame.font.Font) -> None:
        surface.fill(_BACKGROUND)
        wizard = self.wizard
        if wizard is None or self.device is None:
            waiting = "Plug the device back in." if wizard else "Connect a gamepad or a radio in USB joystick mode."
            self._text(surface, font, f"{waiting} (Esc to quit)", 20)
            return
        y = self._text(surface, font, f"{self.device.name} ({self.device.kind.value})", 20)
        y = self._text(surface, font, wizard.prompt, y + 8)
        if wizard.step is WizardStep.DEADBAND:
            y = self._text(surface, font, f"deadband {wizard.deadband:.2f}", y)
        if wizard.message:
            y = self._text(surface, font, wizard.message, y, _WARN)
        preview = wizard.preview()
        if preview is not None:
            y += 8
            for label, value in zip(("roll", "pitch", "yaw", "throttle"), preview.as_tuple()):
                self._bar(surface, font, label, value, y)
                y += 20
        y += 8
        for index, value in enumerate(wizard.axes[:12]):
            self._bar(surface, font, f"axis {index}", value, y)
            y += 18

    # --- loop -----------------------------------------------------------
    def run(self, max_frames: int | None = None, fps: int = 60) -> Outcome:
        """Show the wizard until it is done (the calibration is saved) or cancelled."""
        for module in (pygame.display, pygame.font, pygame.joystick):  # not the mixer: no audio needed
            module.init()
        surface = pygame.display.set_mode(self.size)
        pygame.display.set_caption("Soldiers Lab - calibrate")
        font = pygame.font.Font(None, 22)
        clock = pygame.time.Clock()
        for change in self.manager.start():
            if self.device is None:
                self._use(change.device)
        frames = 0
        while True:
            for event in pygame.event.get():
                self.handle(event)
                if self.cancelled or (self.wizard is not None and self.wizard.step is WizardStep.DONE):
                    break
            if self.cancelled:
                return Outcome.CANCELLED
            if self.wizard is not None and self.wizard.step is WizardStep.DONE:
                self.profile = self.profile.with_device(self.wizard.result())
                self.saved_path = save_profile(self.profile, self.profile_file)
                return Outcome.SAVED
            self.draw(surface, font)
            pygame.display.flip()
            frames += 1
            if max_frames is not None and frames >= max_frames:
                return Outcome.FRAME_LIMIT
            if fps:
                clock.tick(fps)
