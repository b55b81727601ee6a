// The roaring bitmap class and its instance type, in one place.
import roaring from "roaring";

const { RoaringBitmap32 } = roaring;
export type Bitmap = InstanceType<typeof RoaringBitmap32>;
export { RoaringBitmap32 };
