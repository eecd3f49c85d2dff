import { useEffect, useRef } from 'react';
import type { CropBox, RasterImage, SaliencyMap } from '../../worker/protocol.ts';
import type { ColormapName } from './colormaps.ts';
import { colourise, toRgba } from './colormaps.ts';

interface Props {
  readonly thumbnail: RasterImage;
  /** Source image size, to map the crop (source pixels) onto the thumbnail. */
  readonly source: { readonly width: number; readonly height: number };
  readonly crop: CropBox;
  readonly map: SaliencyMap | null;
  readonly colormap: ColormapName;
  readonly opacity: number;
  readonly label: string;
  /** CSS class (default the card's `xray-canvas`). */
  readonly className?: string;
  readonly testId?: string;
}

function draw(
  canvas: HTMLCanvasElement,
  props: Omit<Props, 'label' | 'className' | 'testId'>,
): void {
  const { thumbnail, source, crop, map, colormap, opacity } = props;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  canvas.width = thumbnail.width;
  canvas.height = thumbnail.height;
  const rgba = toRgba(thumbnail.data, thumbnail.channels);
  ctx.putImageData(new ImageData(rgba, thumbnail.width, thumbnail.height), 0, 0);
  if (map === null || opacity <= 0) return;
  const layer = document.createElement('canvas');
  layer.width = map.width;
  layer.height = map.height;
  const layerCtx = layer.getContext('2d');
  if (!layerCtx) return;
  layerCtx.putImageData(
    new ImageData(colourise(map.data, colormap, opacity), map.width, map.height),
    0,
    0,
  );
  const sx = thumbnail.width / source.width;
  const sy = thumbnail.height / source.height;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(layer, crop.x * sx, crop.y * sy, crop.width * sx, crop.height * sy);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.8)';
  ctx.setLineDash([4, 3]);
  ctx.strokeRect(crop.x * sx + 0.5, crop.y * sy + 0.5, crop.width * sx - 1, crop.height * sy - 1);
}

/**
 * The grey thumbnail with a saliency map drawn over the model's centre crop (dashed box).
 * @returns a canvas, described by `label` for screen readers
 */
export function SaliencyCanvas(props: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { thumbnail, source, crop, map, colormap, opacity } = props;
  // redraw only when what is drawn changes: a card re-renders whenever the queue moves
  useEffect(() => {
    if (ref.current) draw(ref.current, { thumbnail, source, crop, map, colormap, opacity });
  }, [thumbnail, source, crop, map, colormap, opacity]);
  return (
    <canvas
      ref={ref}
      className={props.className ?? 'xray-canvas'}
      role="img"
      aria-label={props.label}
      data-testid={props.testId ?? 'saliency-canvas'}
      data-task={props.map?.task ?? ''}
    />
  );
}
